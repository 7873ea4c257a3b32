/**
 * How the example app's process ends (issue 10, points 3 and 9; scenarios 5 and 13), each in a child Node
 * process that nothing else keeps alive, against an emulator in another process, counted from the Slack
 * side: SIGTERM with messages pending (main.ts runs `app.close()`: the module's shutdown hook closes the
 * notifier), and an uncaught exception. Runs the built app (`pnpm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countIds,
  type EmulatorProcess,
  freePort,
  startEmulatorProcess,
  startNode,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(appDir, 'dist', 'main.js');
/** The module's `shutdownTimeoutMs` (10 s) on SIGTERM and on a crash; core's close() adds at most 250 ms. */
const CLOSE_SLACK_MS = 250;
/** From the signal to the process gone, on top of the close bound: Nest's other hooks, exit, the parent seeing it. */
const PROCESS_MS = 750;

let emu: EmulatorProcess;
let dir: string;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'example-nest-exit' });
  dir = mkdtempSync(join(tmpdir(), 'example-nest-exit-'));
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

describe('example-nest: SIGTERM', () => {
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
    console.log(`example-nest SIGTERM: exit 0 after ${tookMs} ms with 4 pending; 4 in Slack`);
  });
});

describe('example-nest: an uncaught exception', () => {
  it('is reported and delivered, then the process exits 1 within close(10 s)', async () => {
    const channel = 'exit-uncaught';
    const { child } = await startMain(
      channel,
      "setTimeout(() => { console.log('CRASH ' + Date.now()); throw new Error('cache warm-up failed'); }, 50);\n",
    );
    const result = await child.exited;
    const tookMs = Date.now() - Number(/^CRASH (\d+)$/m.exec(result.stdout)?.[1]);
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(1);
    expect(tookMs).toBeLessThanOrEqual(10_000 + CLOSE_SLACK_MS + PROCESS_MS);
    const messages = await emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toContain('cache warm-up failed');
    expect(JSON.stringify(messages[0])).toContain('Uncaught exception');
    console.log(`example-nest uncaught exception: exit 1 ${tookMs} ms after the throw; 1 in Slack`);
  });
});
