/**
 * The README's server as a user's process lives it (scenarios 5 and 13): `examples/server.ts` is embedded
 * verbatim in the README, type-checked, and run (types stripped) in a child Node process that nothing else
 * keeps alive, on @hono/node-server, against an emulator in another process. Each case asserts the exit
 * code, that the process ended by itself within its bound, and which messages Slack holds. Runs the built
 * package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  freePort,
  readmeExamples,
  startEmulatorProcess,
  startNode,
  stopWith,
  transpileSnippet,
  typecheck,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const server = transpileSnippet(readFileSync(join(packageDir, 'examples', 'server.ts'), 'utf8'));
/** The README's `notifier.close(10_000)` on SIGTERM; core adds at most 250 ms. */
const BOUND_MS = 10_000 + 250;
/** From the signal to the process gone, on top of the bound: server.close(), exit, the parent seeing it. */
const PROCESS_MS = 750;

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'hono-readme' });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.reset();
});

/** The server as written, in a child process, once its port answers. */
async function startServer() {
  const port = await freePort();
  const child = startNode({
    dir: packageDir,
    source: `${server}\nconsole.log('STARTED');\n`,
    env: { PORT: String(port), SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
  });
  await child.waitForLine('STARTED');
  const url = `http://127.0.0.1:${port}`;
  // serve() listens asynchronously: wait until the port answers.
  await expect
    .poll(() =>
      fetch(`${url}/nope`).then(
        (res) => res.status,
        () => 0,
      ),
    )
    .toBe(404);
  return { child, url };
}

describe('README', () => {
  it('every TypeScript block is an example file, embedded verbatim; the other blocks are install lines', () => {
    const readme = readmeExamples(packageDir);
    expect(readme.files).toEqual(['examples/server.ts']);
    expect(readme.differing).toEqual([]);
    expect(readme.otherLangs).toEqual(['sh']);
    for (const name of [
      '@backend-notifier/core',
      '@backend-notifier/hono-middleware',
      'hono',
      '@hono/node-server',
    ]) {
      expect(readme.install).toContain(` ${name}`);
    }
  });

  it('the example type-checks', async () => {
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);
});

describe('README server', () => {
  it("a failed request gets the app's own error response; /health/slack answers ok", async () => {
    const { child, url } = await startServer();
    try {
      const res = await fetch(`${url}/orders/1`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal' });
      await expect
        .poll(async () => ((await (await fetch(`${url}/health/slack`)).json()) as { status: string }).status)
        .toBe('ok');
      await expect.poll(async () => (await emu.control.messages('alerts')).length).toBe(1);
    } finally {
      await stopWith(child);
    }
  });

  it('SIGTERM: delivers what was pending (3 failed requests: one message, ×3), exit 0 by itself', async () => {
    const { child, url } = await startServer();
    for (const id of [1, 2, 3]) expect((await fetch(`${url}/orders/${id}`)).status).toBe(500);
    const { run, tookMs } = await stopWith(child);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(tookMs).toBeLessThanOrEqual(BOUND_MS + PROCESS_MS);
    // The three are one storm group: one post, whose counter close() brought up to date.
    const messages = await emu.control.messages('alerts');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('GET /orders/:id failed with 500');
    expect(JSON.stringify(messages[0])).toContain('×3');
    console.log(`hono README, SIGTERM: exit 0 after ${tookMs} ms; Slack: 1 message, ×3`);
  });

  it(
    'SIGTERM with Slack hanging: exits 0 within close(10 s) + 250 ms',
    async () => {
      await emu.control.addFault({ method: 'chat.postMessage', channel: 'alerts', action: { type: 'hang' } });
      const { child, url } = await startServer();
      expect((await fetch(`${url}/orders/7`)).status).toBe(500);
      const { run, tookMs } = await stopWith(child);
      expect(run.timedOut).toBe(false);
      expect(run.code, run.stderr).toBe(0);
      expect(tookMs).toBeLessThanOrEqual(BOUND_MS + PROCESS_MS);
      // The hang records the post before it stops answering.
      expect(await emu.control.messages('alerts')).toHaveLength(1);
      console.log(`hono README, SIGTERM with Slack hanging: exit 0 after ${tookMs} ms`);
    },
    BOUND_MS + 20_000,
  );
});
