/**
 * How the example app's process ends (issue 10, points 3 and 9; scenarios 5 and 13), each in a child Node
 * process that nothing else keeps alive, against an emulator in another process, counted from the Slack
 * side: SIGTERM with messages pending, an uncaught exception, and `process.exit()` right after
 * `logger.error()` with the SQLite outbox (the entry is kept and sent by the next start). The SIGTERM and
 * uncaught-exception cases are test-support's, shared with example-nest. Runs the built app (`pnpm test`
 * builds first).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countIds, describeExampleAppExits, runNode } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const app = describeExampleAppExits({
  name: 'example-express',
  appDir,
  // main.ts: `close(10_000)` on SIGTERM, `close(5_000)` on a crash.
  sigtermCloseMs: 10_000,
  crashCloseMs: 5_000,
  // From the signal to the process gone, on top of the close bound: server.close(), exit, the parent seeing it.
  processMs: 750,
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
    const path = join(app.dir, 'winston-exit.sqlite');
    const env = (mode: string) => ({
      CASE: JSON.stringify({ channel, path, mode }),
      SLACK_BOT_TOKEN: app.emu.botToken,
      SLACK_API_URL: app.emu.apiUrl,
    });
    const first = await runNode({ dir: appDir, source: SQLITE_SCRIPT, env: env('exit') });
    expect(first.timedOut).toBe(false);
    expect(first.code, first.stderr).toBe(0);
    // process.exit() came before any request: Slack has nothing yet.
    expect(await app.emu.control.messages(channel)).toEqual([]);
    const second = await runNode({ dir: appDir, source: SQLITE_SCRIPT, env: env('recover') });
    expect(second.timedOut).toBe(false);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('RECOVERED 3');
    expect(second.stdout).toContain('CLOSED true');
    const held = countIds(await app.emu.control.messages(channel), /\bk-(\d)\b/);
    expect([...held].sort()).toEqual([
      ['0', 1],
      ['1', 1],
      ['2', 1],
    ]);
  });
});
