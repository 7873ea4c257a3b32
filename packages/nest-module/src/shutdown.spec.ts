/**
 * Nest's shutdown as a user's process lives it (issue 10, points 3 and 9; scenario 13): a Nest app in a
 * child Node process that nothing else keeps alive, against an emulator in another process. The module
 * closes the notifier in `onApplicationShutdown`, which Nest calls after the HTTP server has stopped (so an
 * exception from a last request is still reported), with `close(shutdownTimeoutMs)`: `app.close()` resolves
 * once everything is delivered, or at most `shutdownTimeoutMs` + 250 ms after it began whatever Slack does
 * (core's bound; Nest's own teardown adds a few ms). Runs the built packages (`pnpm test` builds first).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NotifierStats } from '@backend-notifier/core';
import {
  countIds,
  type EmulatorProcess,
  runNode,
  startEmulatorProcess,
  startNode,
  transpileSnippet,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_APP, type ShutdownCase } from './test-support/shutdown-app.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const CLOSE_SLACK_MS = 250;
/** Nest's teardown around the module's hook (the HTTP server's close, the other hooks). */
const NEST_TEARDOWN_MS = 100;
const EXIT_AFTER_MS = 100;
const ID = /\bn-(\d+)\b/;

let emu: EmulatorProcess;
beforeAll(async () => {
  expect(existsSync(new URL('../dist/index.js', import.meta.url)), 'build the package first').toBe(true);
  emu = await startEmulatorProcess({ seed: 'nest-shutdown' });
});
afterAll(async () => {
  await emu?.close();
});

const env = (c: ShutdownCase) => ({
  SHUTDOWN_CASE: JSON.stringify(c),
  SLACK_BOT_TOKEN: emu.botToken,
  SLACK_API_URL: emu.apiUrl,
});

function line(stdout: string, tag: string): { at: number; rest: string } | undefined {
  const found = stdout.split('\n').find((l) => l.startsWith(`${tag} `));
  if (found === undefined) return undefined;
  const [, at = '', ...rest] = found.split(' ');
  return { at: Number(at), rest: rest.join(' ') };
}

const base = { count: 3, failures: 1, shutdownTimeoutMs: 5000, perChannelPerSecond: 1 };
const held = async (channel: string) =>
  [...countIds(await emu.control.messages(channel), ID)].sort((a, b) => Number(a[0]) - Number(b[0]));

describe('Nest: app.close() with pending work', () => {
  it.each(['esm', 'cjs'] as const)(
    '%s: resolves once all 4 are delivered (Slack at 1 per second), then the process ends by itself',
    async (kind) => {
      const c: ShutdownCase = { ...base, channel: `nest-close-${kind}`, ending: 'close' };
      const result = await runNode({
        dir: packageDir,
        kind,
        source: transpileSnippet(SHUTDOWN_APP, kind),
        env: env(c),
      });
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(0);
      const close = line(result.stdout, 'CLOSE');
      const closed = line(result.stdout, 'CLOSED');
      const exit = line(result.stdout, 'EXIT');
      expect(closed, result.stdout + result.stderr).toBeDefined();
      const tookMs = (closed?.at ?? Infinity) - (close?.at ?? 0);
      expect(tookMs).toBeLessThanOrEqual(c.shutdownTimeoutMs + CLOSE_SLACK_MS + NEST_TEARDOWN_MS);
      expect((exit?.at ?? Infinity) - (closed?.at ?? 0)).toBeLessThanOrEqual(EXIT_AFTER_MS);
      const stats = JSON.parse(closed?.rest ?? '{}') as NotifierStats;
      expect(stats).toMatchObject({ accepted: 4, delivered: 4, pending: 0, dropped: 0 });
      expect(await held(c.channel)).toEqual([
        ['0', 1],
        ['1', 1],
        ['2', 1],
        ['3', 1],
      ]);
      console.log(
        `nest ${kind}: app.close() took ${tookMs} ms with 4 pending, exit ${(exit?.at ?? 0) - (closed?.at ?? 0)} ms after; 4 in Slack`,
      );
    },
  );

  it('Slack hanging: app.close() resolves within shutdownTimeoutMs + 250 ms, the rest counted, the process ends', async () => {
    const c: ShutdownCase = { ...base, channel: 'nest-close-hang', ending: 'close', shutdownTimeoutMs: 1000 };
    await emu.control.addFault({ method: 'chat.postMessage', channel: c.channel, action: { type: 'hang' } });
    try {
      const result = await runNode({ dir: packageDir, source: transpileSnippet(SHUTDOWN_APP), env: env(c) });
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(0);
      const close = line(result.stdout, 'CLOSE');
      const closed = line(result.stdout, 'CLOSED');
      const exit = line(result.stdout, 'EXIT');
      const tookMs = (closed?.at ?? Infinity) - (close?.at ?? 0);
      expect(tookMs).toBeLessThanOrEqual(c.shutdownTimeoutMs + CLOSE_SLACK_MS + NEST_TEARDOWN_MS);
      expect((exit?.at ?? Infinity) - (closed?.at ?? 0)).toBeLessThanOrEqual(EXIT_AFTER_MS);
      const stats = JSON.parse(closed?.rest ?? '{}') as NotifierStats;
      expect(stats.accepted).toBe(4);
      expect(stats.delivered).toBe(0);
      expect(stats.delivered + stats.pending + stats.deadLettered + stats.dropped + stats.grouped).toBe(4);
      expect(result.stdout).toContain('shutdown: some Slack messages were not delivered');
      // The hang records the first post, then never answers: the other three were never sent.
      expect(await held(c.channel)).toEqual([['0', 1]]);
      console.log(
        `nest, Slack hanging: app.close() took ${tookMs} ms (shutdownTimeoutMs ${c.shutdownTimeoutMs}), exit ${(exit?.at ?? 0) - (closed?.at ?? 0)} ms after; dropped ${JSON.stringify(stats.droppedByReason)}`,
      );
    } finally {
      await emu.control.clearFaults();
    }
  });
});

describe('Nest: SIGTERM with app.enableShutdownHooks()', () => {
  it('delivers what is pending, then Nest re-raises the signal', async () => {
    const c: ShutdownCase = { ...base, channel: 'nest-sigterm', ending: 'signal' };
    const child = startNode({ dir: packageDir, source: transpileSnippet(SHUTDOWN_APP), env: env(c) });
    await child.waitForLine('READY', 20_000);
    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    const result = await child.exited;
    const tookMs = Date.now() - signalledAt;
    expect(result.timedOut).toBe(false);
    // Nest's hooks close the app, then kill the process with the signal it got (useProcessExit: false).
    expect(result.signal, result.stderr).toBe('SIGTERM');
    // Scenario 5: the process is gone within the shutdown deadline + 1 s of the signal.
    expect(tookMs).toBeLessThanOrEqual(c.shutdownTimeoutMs + 1000);
    expect(await held(c.channel)).toEqual([
      ['0', 1],
      ['1', 1],
      ['2', 1],
      ['3', 1],
    ]);
    console.log(`nest SIGTERM: process gone ${tookMs} ms after the signal; 4 in Slack`);
  });
});
