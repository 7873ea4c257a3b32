/**
 * How the example app's process ends (issue 10, points 3 and 9; scenarios 5 and 13), each in a child Node
 * process that nothing else keeps alive, against an emulator in another process, counted from the Slack
 * side: SIGTERM with messages pending, an uncaught exception, and `process.exit()` right after
 * `logger.error()` with the SQLite outbox (the entry is kept and sent by the next start). Runs the built
 * app (`pnpm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countIds,
  type EmulatorProcess,
  freePort,
  runNode,
  startEmulatorProcess,
  startNode,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(appDir, 'dist', 'main.js');
/** main.ts: `close(10_000)` on SIGTERM, `close(5_000)` on a crash; core's close() adds at most 250 ms. */
const CLOSE_SLACK_MS = 250;
/** From the signal to the process gone, on top of the close bound: server.close(), exit, the parent seeing it. */
const PROCESS_MS = 750;

let emu: EmulatorProcess;
let dir: string;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'example-express-exit' });
  dir = mkdtempSync(join(tmpdir(), 'example-express-exit-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `node dist/main.js` with the emulator's token (so it posts there, not to an embedded one). */
async function startMain(channel: string, after = '') {
  const port = await freePort();
  const child = startNode({
    dir: appDir,
    source: `import ${JSON.stringify(MAIN)};\n${after}`,
    env: {
      PORT: String(port),
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_API_URL: emu.apiUrl,
      SLACK_CHANNEL: channel,
      OUTBOX_PATH: join(dir, `${channel}.sqlite`),
      REDIS_URL: undefined,
      LOG_LEVEL: 'info',
    },
  });
  await child.waitForLine(/listening on /, 20_000);
  return { child, url: `http://127.0.0.1:${port}` };
}

const post = (url: string, body?: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });

describe('example-express: SIGTERM', () => {
  it('delivers the 4 messages pending at the signal (Slack at 1 per second) and exits 0', async () => {
    const channel = 'exit-sigterm';
    const { child, url } = await startMain(channel);
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect((await post(`${url}/deploy`, { service: 'orders-api', version: '1.0.1' })).status).toBe(202);
    expect((await post(`${url}/deploy`, { service: 'orders-api', version: '1.0.2' })).status).toBe(202);
    expect((await post(`${url}/jobs/nightly-import/run`)).status).toBe(202);
    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    const result = await child.exited;
    const tookMs = Date.now() - signalledAt;
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(tookMs).toBeLessThanOrEqual(10_000 + CLOSE_SLACK_MS + PROCESS_MS);
    expect(result.stdout).toContain('stopped: 4 delivered, 0 pending, 0 dropped, 0 dead-lettered');
    const messages = await emu.control.messages(channel);
    const found = countIds(
      messages,
      /Something broke in GET \/boom|1\.0\.1|1\.0\.2|Job nightly-import failed/,
    );
    expect(Object.fromEntries(found)).toEqual({
      'Something broke in GET /boom': 1,
      '1.0.1': 1,
      '1.0.2': 1,
      'Job nightly-import failed': 1,
    });
    expect(messages).toHaveLength(4);
    console.log(`example-express SIGTERM: exit 0 after ${tookMs} ms with 4 pending; 4 in Slack`);
  });
});

describe('example-express: an uncaught exception', () => {
  it('is reported and delivered, then the process exits 1 within close(5 s)', async () => {
    const channel = 'exit-uncaught';
    const { child } = await startMain(
      channel,
      "setTimeout(() => { console.log('CRASH ' + Date.now()); throw new Error('cache warm-up failed'); }, 50);\n",
    );
    const result = await child.exited;
    const tookMs = Date.now() - Number(/^CRASH (\d+)$/m.exec(result.stdout)?.[1]);
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(1);
    expect(tookMs).toBeLessThanOrEqual(5_000 + CLOSE_SLACK_MS + PROCESS_MS);
    const messages = await emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toContain('cache warm-up failed');
    expect(JSON.stringify(messages[0])).toContain('Uncaught exception');
    console.log(`example-express uncaught exception: exit 1 ${tookMs} ms after the throw; 1 in Slack`);
  });
});

/** Winston + the SQLite outbox, as the app wires them: log, then process.exit(); or start again and close. */
const SQLITE_SCRIPT = `
import { createNotifier } from '@backend-notifier/core';
import { createSqliteStore } from '@backend-notifier/store-sqlite';
import { createNotifierLogger, SlackTransport } from '@backend-notifier/winston-transport';
import winston from 'winston';
const c = JSON.parse(process.env.CASE);
const logger = winston.createLogger({ level: 'info', transports: [new winston.transports.Console({ level: 'warn' })] });
const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN,
  channel: c.channel,
  slackApiUrl: process.env.SLACK_API_URL,
  store: createSqliteStore({ path: c.path }),
  logger: createNotifierLogger(logger),
});
logger.add(new SlackTransport({ notifier, closeNotifier: true }));
if (c.mode === 'exit') {
  for (let i = 0; i < 3; i++) logger.error('payment failed k-' + i);
  process.exit(0);
}
console.log('RECOVERED ' + notifier.stats().pending);
console.log('CLOSED ' + (await notifier.close(10000)));
`;

describe('example-express stack: process.exit() right after logger.error() with the SQLite outbox', () => {
  it('keeps the 3 entries in the file; the next start sends each once', async () => {
    const channel = 'exit-sqlite';
    const path = join(dir, 'winston-exit.sqlite');
    const env = (mode: string) => ({
      CASE: JSON.stringify({ channel, path, mode }),
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_API_URL: emu.apiUrl,
    });
    const first = await runNode({ dir: appDir, source: SQLITE_SCRIPT, env: env('exit') });
    expect(first.timedOut).toBe(false);
    expect(first.code, first.stderr).toBe(0);
    // process.exit() came before any request: Slack has nothing yet.
    expect(await emu.control.messages(channel)).toEqual([]);
    const second = await runNode({ dir: appDir, source: SQLITE_SCRIPT, env: env('recover') });
    expect(second.timedOut).toBe(false);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('RECOVERED 3');
    expect(second.stdout).toContain('CLOSED true');
    const held = countIds(await emu.control.messages(channel), /\bk-(\d)\b/);
    expect([...held].sort()).toEqual([
      ['0', 1],
      ['1', 1],
      ['2', 1],
    ]);
  });
});
