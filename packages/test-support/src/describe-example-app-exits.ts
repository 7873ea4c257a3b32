import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countIds } from './count-ids.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.js';
import { freePort } from './free-port.js';
import { startNode } from './run-node.js';

/** Options of {@link describeExampleAppExits}. */
export interface ExampleAppExitsOptions {
  /** The app's name in test titles and log lines (`example-express`). */
  name: string;
  /** The app's folder: `dist/main.js` is run from there. */
  appDir: string;
  /** The close bound (ms) on SIGTERM, as the app sets it. */
  sigtermCloseMs: number;
  /** The close bound (ms) on an uncaught exception. */
  crashCloseMs: number;
  /**
   * From the signal to the process gone, on top of the close bound: the server's close, exit, the parent
   * seeing it. @default 750
   */
  processMs?: number;
}

/** Core's close(ms) resolves within ms + 250 whatever Slack does. */
const CLOSE_SLACK_MS = 250;

/**
 * How an example app's process ends (issue 10, points 3 and 9; scenarios 5 and 13): the built
 * `dist/main.js` in a child Node process that nothing else keeps alive, against an emulator in another
 * process, counted from the Slack side. SIGTERM with 4 messages pending (Slack at 1 per second): all 4
 * delivered once, exit 0 within the SIGTERM bound; an uncaught exception: reported and delivered, exit 1
 * within the crash bound. Both example apps serve the same routes (`GET /boom`, `POST /deploy`,
 * `POST /jobs/:name/run`). Returns the emulator and a scratch folder for the file's other tests.
 */
export function describeExampleAppExits(options: ExampleAppExitsOptions) {
  const { name, appDir } = options;
  const main = join(appDir, 'dist', 'main.js');
  const processMs = options.processMs ?? 750;
  let emulator: EmulatorProcess | undefined;
  let scratch: string | undefined;
  beforeAll(async () => {
    emulator = await startEmulatorProcess({ seed: `${name}-exit` });
    scratch = mkdtempSync(join(tmpdir(), `${name}-exit-`));
  });
  afterAll(async () => {
    await emulator?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  const harness = {
    get emu(): EmulatorProcess {
      if (!emulator) throw new Error('the emulator starts in beforeAll');
      return emulator;
    },
    get dir(): string {
      if (!scratch) throw new Error('the folder is made in beforeAll');
      return scratch;
    },
  };

  /** `node dist/main.js` with the emulator's token (so it posts there, not to an embedded one). */
  async function startMain(channel: string, after = '') {
    const port = await freePort();
    const child = startNode({
      dir: appDir,
      source: `import ${JSON.stringify(main)};\n${after}`,
      env: {
        PORT: String(port),
        SLACK_BOT_TOKEN: harness.emu.botToken,
        SLACK_API_URL: harness.emu.apiUrl,
        SLACK_CHANNEL: channel,
        OUTBOX_PATH: join(harness.dir, `${channel}.sqlite`),
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

  describe(`${name}: SIGTERM`, () => {
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
      expect(tookMs).toBeLessThanOrEqual(options.sigtermCloseMs + CLOSE_SLACK_MS + processMs);
      expect(result.stdout).toContain('stopped: 4 delivered, 0 pending, 0 dropped, 0 dead-lettered');
      const messages = await harness.emu.control.messages(channel);
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
      console.log(`${name} SIGTERM: exit 0 after ${tookMs} ms with 4 pending; 4 in Slack`);
    });
  });

  describe(`${name}: an uncaught exception`, () => {
    it(`is reported and delivered, then the process exits 1 within close(${options.crashCloseMs / 1000} s)`, async () => {
      const channel = 'exit-uncaught';
      const { child } = await startMain(
        channel,
        "setTimeout(() => { console.log('CRASH ' + Date.now()); throw new Error('cache warm-up failed'); }, 50);\n",
      );
      const result = await child.exited;
      const tookMs = Date.now() - Number(/^CRASH (\d+)$/m.exec(result.stdout)?.[1]);
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(1);
      expect(tookMs).toBeLessThanOrEqual(options.crashCloseMs + CLOSE_SLACK_MS + processMs);
      const messages = await harness.emu.control.messages(channel);
      expect(messages).toHaveLength(1);
      expect(JSON.stringify(messages[0])).toContain('cache warm-up failed');
      expect(JSON.stringify(messages[0])).toContain('Uncaught exception');
      console.log(`${name} uncaught exception: exit 1 ${tookMs} ms after the throw; 1 in Slack`);
    });
  });

  return harness;
}
