/**
 * The README's server as a user's process lives it (issue 10, points 3, 4 and 9; scenarios 5 and 13):
 * `examples/server.ts` is embedded verbatim in the README, type-checked, and run (types stripped) in a
 * child Node process that nothing else keeps alive, against an emulator in another process. Each case
 * asserts the exit code, that the process ended by itself within its bound, and which messages Slack holds.
 * Runs the built package (`pnpm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  freePort,
  readmeSnippets,
  startEmulatorProcess,
  startNode,
  transpileSnippet,
  typecheck,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const snippets = readmeSnippets(join(packageDir, 'README.md'));
const server = transpileSnippet(readFileSync(join(packageDir, 'examples', 'server.ts'), 'utf8'));
/** The README's bounds: `close(10_000)` on SIGTERM, `close(5_000)` on a crash; core adds at most 250 ms. */
const SIGTERM_CLOSE_MS = 10_000;
const CRASH_CLOSE_MS = 5_000;
const CLOSE_SLACK_MS = 250;
/** From the signal to the process gone, on top of the close bound: server.close(), exit, the parent seeing it. */
const PROCESS_MS = 750;

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'express-readme' });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.reset();
});

/** The server as written, in a child process; `after` is appended (the test's own trigger, e.g. a crash). */
async function startServer(after = '') {
  const port = await freePort();
  const child = startNode({
    dir: packageDir,
    source: `${server}\nconsole.log('LISTENING');\n${after}`,
    env: { PORT: String(port), SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
  });
  await child.waitForLine('LISTENING');
  const url = `http://127.0.0.1:${port}`;
  // Listening is asynchronous: wait until it answers.
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${url}/nope`).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url };
}

const texts = async () => (await emu.control.messages('alerts')).map((m) => m.text);

describe('README', () => {
  it('every TypeScript block is an example file, embedded verbatim; the other blocks are install lines', () => {
    const ts = snippets.filter((s) => s.lang === 'ts');
    expect(ts.map((s) => s.example)).toEqual(['examples/server.ts']);
    expect(ts[0]?.code).toBe(readFileSync(join(packageDir, 'examples', 'server.ts'), 'utf8'));
    const other = snippets.filter((s) => s.lang !== 'ts');
    expect(other.map((s) => s.lang)).toEqual(['sh']);
    const install = other[0]?.code ?? '';
    for (const name of ['@backend-notifier/core', '@backend-notifier/express-middleware', 'express']) {
      expect(install).toContain(` ${name}`);
    }
    expect(install).toContain('-D @types/express');
  });

  it('the example type-checks', async () => {
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);
});

describe('README server: SIGTERM', () => {
  it('delivers what was pending (3 failed requests: one message, its count 3), exits 0 by itself', async () => {
    const { child, url } = await startServer();
    for (const id of [1, 2, 3]) expect((await fetch(`${url}/orders/${id}`)).status).toBe(500);
    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    const result = await child.exited;
    const tookMs = Date.now() - signalledAt;
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(tookMs).toBeLessThanOrEqual(SIGTERM_CLOSE_MS + CLOSE_SLACK_MS + PROCESS_MS);
    // The three are one storm group: one post, whose counter close() brought up to date.
    const messages = await emu.control.messages('alerts');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('GET /orders/:id failed with 500');
    expect(JSON.stringify(messages[0])).toContain('×3');
    console.log(`express README, SIGTERM: exit 0 after ${tookMs} ms; Slack: 1 message, ×3`);
  });

  it(
    'Slack hanging: exits 0 within close(10 s) + 250 ms',
    async () => {
      await emu.control.addFault({ method: 'chat.postMessage', channel: 'alerts', action: { type: 'hang' } });
      const { child, url } = await startServer();
      expect((await fetch(`${url}/orders/7`)).status).toBe(500);
      const signalledAt = Date.now();
      child.proc.kill('SIGTERM');
      const result = await child.exited;
      const tookMs = Date.now() - signalledAt;
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(0);
      expect(tookMs).toBeLessThanOrEqual(SIGTERM_CLOSE_MS + CLOSE_SLACK_MS + PROCESS_MS);
      // The hang records the post before it stops answering: in flight at the deadline, its outcome unknown.
      expect(await texts()).toHaveLength(1);
      expect(result.stderr).toContain(
        '1 message(s) not delivered before the notifier closed; dropped; 1 of them was in flight',
      );
      expect(result.stderr).toContain('abortedInFlight: 1');
      console.log(`express README, SIGTERM with Slack hanging: exit 0 after ${tookMs} ms`);
    },
    SIGTERM_CLOSE_MS + 20_000,
  );
});

describe('README server: GET /health/slack with Slack hanging', () => {
  it('answers within 1.5 s, degraded, naming the check that did not answer', async () => {
    const { child, url } = await startServer();
    try {
      // Once the start checks are done, every Slack call hangs.
      for (let i = 0; i < 100; i++) {
        const body = (await (await fetch(`${url}/health/slack`)).json()) as { status: string };
        if (body.status === 'ok') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await emu.control.addFault({ method: '*', action: { type: 'hang' } });
      const started = Date.now();
      const res = await fetch(`${url}/health/slack`);
      const tookMs = Date.now() - started;
      const body = (await res.json()) as { status: string; checks: Array<{ name: string; value?: unknown }> };
      expect(tookMs).toBeLessThan(1500);
      expect(res.status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.checks).toContainEqual(expect.objectContaining({ name: 'membership', value: 'timeout' }));
      console.log(`express README, Slack hanging: /health/slack answered in ${tookMs} ms (${body.status})`);
    } finally {
      await emu.control.clearFaults();
      child.proc.kill('SIGTERM');
      await child.exited;
    }
  });
});

describe('README server: an uncaught exception', () => {
  it('is reported, delivered, and the process exits 1 within close(5 s) + 250 ms', async () => {
    const { child } = await startServer(
      // A background job outside any request throws: nothing catches it but the README's handler.
      "setTimeout(() => { console.log('CRASH ' + Date.now()); throw new Error('nightly price refresh failed'); }, 50);",
    );
    const result = await child.exited;
    const crashedAt = Number(/^CRASH (\d+)$/m.exec(result.stdout)?.[1]);
    const tookMs = Date.now() - crashedAt;
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(1);
    const messages = await emu.control.messages('alerts');
    expect(messages).toHaveLength(1);
    const json = JSON.stringify(messages[0]);
    expect(json).toContain('Uncaught exception');
    expect(json).toContain('nightly price refresh failed');
    expect(tookMs).toBeLessThanOrEqual(CRASH_CLOSE_MS + CLOSE_SLACK_MS + PROCESS_MS);
    console.log(
      `express README, uncaught exception: exit 1 ${tookMs} ms after the throw, 1 message in Slack`,
    );
  });
});
