/**
 * The Winston exit paths as a user's process lives them (issue 10, points 3 and 9; scenario 13): each case
 * is a script in a child Node process that nothing else keeps alive, against an emulator in another
 * process. Each asserts the exit code, that the process ended by itself within its bound, and exactly which
 * messages Slack holds. Runs the built packages (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import type { NotifierStats } from '@backend-notifier/core';
import { stampOf as stamp, useExitCases } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';
import { type ExitCase, exitScript } from './test-support/exit-script.js';

/** After `close()` resolved (or `'finish'` came), the process has nothing left to do: its loop empties at once. */
const EXIT_AFTER_MS = 100;
/**
 * Without `closeNotifier` the transport only flushes: the notifier stays open (it may be shared) and
 * finishes what it is doing, such as the rest of its start checks (about 200 ms measured), then holds
 * nothing and the process ends.
 */
const EXIT_AFTER_FLUSH_MS = 1000;
/** `close(ms)` resolves within ms + 250 whatever Slack does (core's bound). */
const CLOSE_SLACK_MS = 250;

// The emulator in another process, scaled 1,000x (1,000 entries at Slack's 1/s would take 17 minutes).
const exits = useExitCases<ExitCase>({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  seed: 'winston-exit',
  script: exitScript,
});
const run = exits.run;

const base = { flushTimeoutMs: 5000, perChannelPerSecond: 1, timeoutMs: 10_000, closeNotifier: false };
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe("Winston: logger.end(), then 'finish'", () => {
  it.each(['esm', 'cjs'] as const)(
    "1 entry (%s): 'finish' after it is delivered, then the process ends by itself",
    async (kind) => {
      const channel = `w-finish-1-${kind}`;
      const result = await run({ ...base, channel, count: 1, ending: 'end' }, kind);
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(0);
      const end = stamp(result.stdout, 'END');
      const finish = stamp(result.stdout, 'FINISH');
      const exit = stamp(result.stdout, 'EXIT');
      expect(finish, result.stdout + result.stderr).toBeDefined();
      const stats = JSON.parse(finish?.rest ?? '{}') as NotifierStats;
      expect(stats).toMatchObject({ accepted: 1, delivered: 1, pending: 0 });
      expect((finish?.at ?? 0) - (end?.at ?? 0)).toBeLessThan(base.flushTimeoutMs);
      expect((exit?.at ?? Infinity) - (finish?.at ?? 0)).toBeLessThanOrEqual(EXIT_AFTER_FLUSH_MS);
      expect(await exits.counted(channel)).toEqual([['0', 1]]);
    },
  );

  it("1,000 entries with closeNotifier: 'finish' after all 1,000 are in Slack, each once", async () => {
    const channel = 'w-finish-1000';
    const result = await run({
      ...base,
      channel,
      count: 1000,
      ending: 'end',
      closeNotifier: true,
      perChannelPerSecond: 500,
      flushTimeoutMs: 30_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const end = stamp(result.stdout, 'END');
    const finish = stamp(result.stdout, 'FINISH');
    const exit = stamp(result.stdout, 'EXIT');
    const stats = JSON.parse(finish?.rest ?? '{}') as NotifierStats;
    expect(stats).toMatchObject({ accepted: 1000, delivered: 1000, pending: 0, dropped: 0 });
    expect((exit?.at ?? Infinity) - (finish?.at ?? 0)).toBeLessThanOrEqual(EXIT_AFTER_MS);
    const held = new Map(await exits.counted(channel));
    expect([...held.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(ids(1000));
    expect([...held.values()].every((n) => n === 1)).toBe(true);
    console.log(
      `winston 1,000 entries: 'finish' ${(finish?.at ?? 0) - (end?.at ?? 0)} ms after logger.end(), exit ${(exit?.at ?? 0) - (finish?.at ?? 0)} ms after; ${held.size} in Slack`,
    );
  });

  it("Slack hanging: 'finish' within flushTimeoutMs + 250 ms, what was not sent counted, the process ends", async () => {
    const channel = 'w-finish-hang';
    await exits.emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'hang' } });
    try {
      const flushTimeoutMs = 1000;
      const result = await run({
        ...base,
        channel,
        count: 3,
        ending: 'end',
        closeNotifier: true,
        flushTimeoutMs,
      });
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(0);
      const end = stamp(result.stdout, 'END');
      const finish = stamp(result.stdout, 'FINISH');
      const exit = stamp(result.stdout, 'EXIT');
      expect(finish, result.stdout + result.stderr).toBeDefined();
      const tookMs = (finish?.at ?? Infinity) - (end?.at ?? 0);
      expect(tookMs).toBeLessThanOrEqual(flushTimeoutMs + CLOSE_SLACK_MS);
      expect((exit?.at ?? Infinity) - (finish?.at ?? 0)).toBeLessThanOrEqual(EXIT_AFTER_MS);
      const stats = JSON.parse(finish?.rest ?? '{}') as NotifierStats;
      expect(stats.accepted).toBe(3);
      expect(stats.delivered).toBe(0);
      expect(stats.delivered + stats.pending + stats.deadLettered + stats.dropped + stats.grouped).toBe(3);
      // The hang records the first post before it stops answering; the other two were never sent.
      expect(await exits.counted(channel)).toEqual([['0', 1]]);
      console.log(
        `winston, Slack hanging: 'finish' ${tookMs} ms after logger.end() (close(${flushTimeoutMs})), exit ${(exit?.at ?? 0) - (finish?.at ?? 0)} ms after; stats ${JSON.stringify({ pending: stats.pending, dropped: stats.droppedByReason })}`,
      );
    } finally {
      await exits.emu.control.clearFaults();
    }
  });
});

describe('Winston: process.exit() right after logger.error()', () => {
  it('saves nothing with the memory store: the process is gone before any request is made', async () => {
    const channel = 'w-exit-memory';
    const result = await run({ ...base, channel, count: 1, ending: 'exit' });
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    expect(stamp(result.stdout, 'FINISH')).toBeUndefined();
    expect(await exits.emu.control.messages(channel)).toEqual([]);
  });
});

describe('Winston: logger.close()', () => {
  it('with closeNotifier: delivers what is pending, prints no winston warning, the process ends', async () => {
    const channel = 'w-close';
    const result = await run({ ...base, channel, count: 2, ending: 'close', closeNotifier: true });
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('[winston]');
    expect(result.stderr).not.toContain('[backend-notifier]');
    expect((await exits.counted(channel)).sort()).toEqual([
      ['0', 1],
      ['1', 1],
    ]);
  });

  it('the Winston logger itself as the notifier logger: one winston warning per notifier line (why createNotifierLogger)', async () => {
    const channel = 'w-close-raw';
    const result = await run({
      ...base,
      channel,
      count: 2,
      ending: 'close',
      closeNotifier: true,
      rawLogger: true,
    });
    expect(result.code, result.stderr).toBe(0);
    const noise = result.stderr.split('\n').filter((l) => l.includes('[winston] Attempt to write logs'));
    expect(noise.length).toBeGreaterThan(0);
    console.log(
      `winston logger.close() with the raw logger as the notifier's: ${noise.length} winston warnings`,
    );
  });
});

describe('Winston: an uncaught exception (handleExceptions, exitOnError)', () => {
  it("is delivered within winston's 3 s exit wait; the process exits with 1", async () => {
    const channel = 'w-uncaught';
    const result = await run({ ...base, channel, count: 0, ending: 'uncaught' });
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    const end = stamp(result.stdout, 'END');
    const exit = stamp(result.stdout, 'EXIT');
    // Winston logs the exception to the transports that handle it and exits once they emit 'finish' or
    // after 3 s; this transport keeps running (a later logger.end() would finish it), so it is the 3 s.
    const tookMs = (exit?.at ?? Infinity) - (end?.at ?? 0);
    expect(tookMs).toBeLessThanOrEqual(3000 + 500);
    expect(await exits.counted(channel)).toEqual([['900', 1]]);
    console.log(`winston uncaught exception: exit 1 after ${tookMs} ms, 1 message in Slack`);
  });
});
