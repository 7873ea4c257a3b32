// A producer process for the kill -9 scenario (run with `node`, against the BUILT packages). It creates a
// notifier on the SQLite store and, in `produce` mode, enqueues `count` messages, printing `ACK <id>` once a
// message's receipt says `accepted` (= its row is committed). In `recover` mode it adds nothing: it drains
// what the previous process left. Either way it prints `DRAINED` when nothing is pending, then exits 0.
// Config comes as JSON in PRODUCER_CONFIG: { dbPath, apiUrl, token, mode, count, runId, channels, rate }.
import { createNotifier } from '@backend-notifier/core';
import { createSqliteStore } from '../../dist/index.js';

const cfg = JSON.parse(process.env.PRODUCER_CONFIG ?? '{}');
const write = (line) => process.stdout.write(`${line}\n`);
const store = createSqliteStore({ path: cfg.dbPath });
const [main, ...others] = cfg.channels;
const rate = cfg.rate ?? 200;
const notifier = createNotifier({
  token: cfg.token,
  channel: main,
  routes: Object.fromEntries(others.map((c) => [c, c])),
  slackApiUrl: cfg.apiUrl,
  store,
  perChannelPerSecond: rate,
  burst: 1,
  workspacePerMinute: rate * 60 * cfg.channels.length,
  timeoutMs: 5000,
  healthCheckIntervalMs: 0,
  retry: { backoff: { baseMs: 20, maxMs: 200 } },
  logger: {
    debug() {},
    info() {},
    warn: (m, meta) => process.stderr.write(`warn ${m} ${JSON.stringify(meta ?? {})}\n`),
    error: (m, meta) => process.stderr.write(`error ${m} ${JSON.stringify(meta ?? {})}\n`),
  },
});

async function produce() {
  // Spread over event-loop turns like a real app's traffic, so sends run while messages are still enqueued.
  for (let i = 0; i < cfg.count; i++) {
    const id = `${cfg.runId}-${i}`;
    const channel = cfg.channels[i % cfg.channels.length];
    const receipt = notifier.notify({ text: `msg ${id}`, channel });
    receipt.accepted.then((ok) => {
      if (ok) write(`ACK ${id}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  write('ENQUEUED');
}

// The notifier's timers are unref'd (it never keeps an app alive); this script has nothing else to wait on.
const keepAlive = setInterval(() => {}, 1000);
if (cfg.mode === 'produce') await produce();
const drained = await notifier.flush(60_000);
write(drained ? 'DRAINED' : 'NOT_DRAINED');
await notifier.close(1000);
clearInterval(keepAlive);
process.exit(drained ? 0 : 1);
