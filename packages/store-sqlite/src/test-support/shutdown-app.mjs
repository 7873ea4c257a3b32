// An app for the graceful-shutdown scenario (run with `node`, against the BUILT packages): a notifier on the
// SQLite store, a Winston logger with the Slack transport, and one of three exit paths, triggered by the
// parent with SIGUSR2 (or SIGTERM). Config comes as JSON in APP_CONFIG:
// { dbPath, apiUrl, token, channels, count, deadlineMs, mode: 'sigterm' | 'exit' | 'uncaught' | 'recover' }.
// Prints `ACK <id>` per accepted message, `READY` once all `count` are accepted, `LOGGED <id>` just before a
// logger.error() call, `DRAINED` in recover mode.
import { createNotifier } from '@backend-notifier/core';
import { SlackTransport } from '@backend-notifier/winston-transport';
import winston from 'winston';
import { createSqliteStore } from '../../dist/index.js';

const cfg = JSON.parse(process.env.APP_CONFIG ?? '{}');
const write = (line) => process.stdout.write(`${line}\n`);
const store = createSqliteStore({ path: cfg.dbPath });
const [main, ...others] = cfg.channels;
const notifier = createNotifier({
  token: cfg.token,
  channel: main,
  routes: Object.fromEntries(others.map((c) => [c, c])),
  slackApiUrl: cfg.apiUrl,
  store,
  perChannelPerSecond: cfg.rate ?? 20,
  workspacePerMinute: 60_000,
  timeoutMs: 10_000,
  healthCheckIntervalMs: 0,
  retry: { backoff: { baseMs: 20, maxMs: 200 } },
  logger: {
    debug() {},
    info() {},
    warn: (m, meta) => process.stderr.write(`warn ${m} ${JSON.stringify(meta ?? {})}\n`),
    error: (m, meta) => process.stderr.write(`error ${m} ${JSON.stringify(meta ?? {})}\n`),
  },
});
const logger = winston.createLogger({ transports: [new SlackTransport({ notifier })] });
const keepAlive = setInterval(() => {}, 1000);

async function closeAndExit(code) {
  const delivered = await notifier.close(cfg.deadlineMs);
  write(`CLOSED ${delivered} ${JSON.stringify(notifier.stats())}`);
  process.exit(code);
}

if (cfg.mode === 'recover') {
  const drained = await notifier.flush(60_000);
  write(drained ? 'DRAINED' : 'NOT_DRAINED');
  clearInterval(keepAlive);
  await notifier.close(1000);
  process.exit(drained ? 0 : 1);
}

process.on('SIGTERM', () => void closeAndExit(0));
// What an app does with a crash: report it, give the outbox its deadline, exit non-zero.
process.on('uncaughtException', (error) => {
  notifier.notify({ error, text: `uncaught ${error.message}`, priority: 'high' });
  void closeAndExit(1);
});
process.on('SIGUSR2', () => {
  if (cfg.mode === 'exit') {
    for (let i = 0; i < 5; i++) {
      write(`LOGGED log-${i}`);
      logger.error(`fatal log-${i}`);
    }
    process.exit(0);
  }
  if (cfg.mode === 'uncaught') {
    write('LOGGED crash-0');
    setImmediate(() => {
      throw new Error('crash-0');
    });
  }
});

let accepted = 0;
for (let i = 0; i < cfg.count; i++) {
  const id = `m-${i}`;
  const receipt = notifier.notify({ text: `msg ${id}`, channel: cfg.channels[i % cfg.channels.length] });
  receipt.accepted.then((ok) => {
    if (!ok) return;
    write(`ACK ${id}`);
    if (++accepted === cfg.count) write('READY');
  });
}
