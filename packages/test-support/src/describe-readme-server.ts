import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.js';
import { freePort } from './free-port.js';
import { stopWith } from './package-checks.js';
import { transpileSnippet } from './readme-snippets.js';
import { startNode } from './run-node.js';

/** What {@link describeReadmeServer} needs to know about a package's README server. */
export interface ReadmeServerOptions {
  /** The adapter's name in test titles and log lines (`fastify`, `hono`…). */
  name: string;
  /** The package folder: the example runs from there, so bare imports resolve as in a user's app. */
  packageDir: string;
  /** The example file, relative to `packageDir`. @default 'examples/server.ts' */
  example?: string;
  /** The bound of the server's shutdown on SIGTERM (its `close(ms)`), without core's 250 ms. */
  closeMs: number;
  /** A route of the example that fails with a 500 each time; `${id}` is replaced by 1, 2, 3… */
  failingPath: (id: number) => string;
  /** The title of the report that route makes (`GET /orders/:id failed with 500`). */
  reportTitle: string;
  /** Checks the failing route's response: what the client gets is the app's own error response. */
  checkFailure: (res: Response) => Promise<void>;
  /** The example's health route. @default '/health/slack' */
  healthPath?: string;
}

/** Core's bound on top of `close(ms)`, and the time from the signal to the process gone on top of that. */
const CLOSE_SLACK_MS = 250;
const PROCESS_MS = 750;

/**
 * The README server of an HTTP adapter as a user's process lives it (scenarios 5 and 13): the example, types
 * stripped, in a child Node process that nothing else keeps alive (PORT, SLACK_BOT_TOKEN and SLACK_API_URL in
 * its environment), against an emulator in another process. Registers three tests: a failed request gets the
 * app's response and is reported, and the health route answers `ok`; SIGTERM after 3 failed requests: exit 0
 * by itself within the bound, Slack holding one message with its `×3` counter; the same with Slack hanging.
 */
export function describeReadmeServer(options: ReadmeServerOptions): void {
  const source = readFileSync(join(options.packageDir, options.example ?? 'examples/server.ts'), 'utf8');
  const server = transpileSnippet(source);
  const boundMs = options.closeMs + CLOSE_SLACK_MS + PROCESS_MS;
  const health = options.healthPath ?? '/health/slack';
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess({ seed: `${options.name}-readme` });
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(async () => {
    await emu.control.reset();
  });

  /** The server as written, once its port answers. */
  async function start() {
    const port = await freePort();
    const child = startNode({
      dir: options.packageDir,
      source: `${server}\nconsole.log('STARTED');\n`,
      env: { PORT: String(port), SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
    });
    await child.waitForLine('STARTED');
    const url = `http://127.0.0.1:${port}`;
    // Some servers listen asynchronously after the script's last line: wait until the port answers.
    await expect
      .poll(() =>
        fetch(`${url}${health}`).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    return { child, url };
  }

  describe(`README server (${options.name})`, () => {
    it("a failed request gets the app's own error response and is reported; the health route answers ok", async () => {
      const { child, url } = await start();
      try {
        await options.checkFailure(await fetch(`${url}${options.failingPath(1)}`));
        await expect
          .poll(async () => ((await (await fetch(`${url}${health}`)).json()) as { status: string }).status)
          .toBe('ok');
        await expect.poll(async () => (await emu.control.messages('alerts')).length).toBe(1);
        expect((await emu.control.messages('alerts'))[0]?.text).toContain(options.reportTitle);
      } finally {
        await stopWith(child);
      }
    });

    it('SIGTERM delivers what was pending (3 failed requests: one message, ×3), exit 0 by itself', async () => {
      const { child, url } = await start();
      for (const id of [1, 2, 3]) expect((await fetch(`${url}${options.failingPath(id)}`)).status).toBe(500);
      const { run, tookMs } = await stopWith(child);
      expect(run.timedOut).toBe(false);
      expect(run.code, run.stderr).toBe(0);
      expect(tookMs).toBeLessThanOrEqual(boundMs);
      // The three are one storm group: one post, whose counter the close brought up to date.
      const messages = await emu.control.messages('alerts');
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toContain(options.reportTitle);
      expect(JSON.stringify(messages[0])).toContain('×3');
      console.log(`${options.name} README, SIGTERM: exit 0 after ${tookMs} ms; Slack: 1 message, ×3`);
    });

    it(
      `SIGTERM with Slack hanging: exits 0 within close(${options.closeMs} ms) + ${CLOSE_SLACK_MS} ms`,
      async () => {
        await emu.control.addFault({
          method: 'chat.postMessage',
          channel: 'alerts',
          action: { type: 'hang' },
        });
        const { child, url } = await start();
        expect((await fetch(`${url}${options.failingPath(7)}`)).status).toBe(500);
        const { run, tookMs } = await stopWith(child);
        expect(run.timedOut).toBe(false);
        expect(run.code, run.stderr).toBe(0);
        expect(tookMs).toBeLessThanOrEqual(boundMs);
        // The hang records the post before it stops answering.
        expect(await emu.control.messages('alerts')).toHaveLength(1);
        console.log(`${options.name} README, SIGTERM with Slack hanging: exit 0 after ${tookMs} ms`);
      },
      boundMs + 20_000,
    );
  });
}
