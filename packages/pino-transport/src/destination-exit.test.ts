/**
 * The in-process destination's exit paths as a user's process lives them (scenarios 5 and 13): each case a
 * script in a child Node process that nothing else keeps alive, against an emulator in another process,
 * asserting the exit code, that the process ended by itself within its bound, and which messages Slack holds.
 * Here the notifier lives in the app's own thread, so core's process-lifetime rules apply as they are: the
 * `beforeExit` delivery for a script that just ends, nothing after `process.exit()`. Runs the built package.
 */
import { fileURLToPath } from 'node:url';
import type { NotifierStats } from '@backend-notifier/core';
import { stampOf, useExitCases } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';
import { type DestinationCase, destinationScript } from './test-support/destination-script.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** Core's `exitTimeoutMs` default: a script that ends with work pending gets this long to deliver it. */
const EXIT_TIMEOUT_MS = 5000;
/** Core's bound on `close(ms)`: ms + 250 whatever Slack does. */
const CLOSE_SLACK_MS = 250;
/** From the close to the process gone, as the parent sees it. */
const TEARDOWN_MS = 250;

// The emulator in another process, scaled 1,000x like the scripts' notifiers.
const exits = useExitCases<DestinationCase>({
  packageDir,
  seed: 'pino-destination-exit',
  script: destinationScript,
});

async function run(c: DestinationCase, kind: 'esm' | 'cjs' = 'esm') {
  const result = await exits.run(c, kind);
  const logged = stampOf(result.stdout, 'LOGGED')?.at ?? Number.NaN;
  const beforeExit = stampOf(result.stdout, 'BEFORE_EXIT')?.at ?? Number.NaN;
  const finished = stampOf(result.stdout, 'FINISH');
  const finish = finished?.at;
  const stats = finished === undefined ? undefined : (JSON.parse(finished.rest) as NotifierStats);
  /** The notifier's own log lines (JSON on stderr, through createNotifierLogger). */
  const own = result.stderr
    .split('\n')
    .filter((l) => l.includes('"source":"backend-notifier"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...result, logged, beforeExit, finish, stats, own };
}

const held = exits.held;
const ids = exits.ids;
const base = { count: 1, closeNotifier: false, flushTimeoutMs: 5000, perChannelPerSecond: 1 };

describe('pino destination: the script just ends', () => {
  it.each(['esm', 'cjs'] as const)(
    "1 entry (%s): core's beforeExit delivery sends it, exit 0, the process ends by itself",
    async (kind) => {
      const channel = `pd-none-${kind}`;
      const r = await run({ ...base, channel, ending: 'none' }, kind);
      expect(r.timedOut).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      expect(await held(channel)).toEqual(ids(1));
      expect(r.goneAt - r.beforeExit).toBeLessThanOrEqual(EXIT_TIMEOUT_MS + CLOSE_SLACK_MS + TEARDOWN_MS);
    },
  );

  it('Slack hanging: gone within exitTimeoutMs + 250 ms, what was not sent logged into the pino logger', async () => {
    const channel = 'pd-none-hang';
    await exits.emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'hang' } });
    const r = await run({ ...base, channel, count: 3, ending: 'none' });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    // From the moment the loop empties ('beforeExit'), core closes the notifier with exitTimeoutMs.
    expect(r.goneAt - r.beforeExit).toBeLessThanOrEqual(EXIT_TIMEOUT_MS + CLOSE_SLACK_MS + TEARDOWN_MS);
    expect(await held(channel)).toEqual([['0', 1]]);
    // The hang stores the first post and never answers: in flight at the deadline, its outcome unknown.
    expect(r.own.map((l) => l['msg'])).toContain(
      '3 message(s) not delivered before the notifier closed; dropped; 1 of them was in flight (sent, ' +
        'no answer from Slack), its outcome unknown (Slack may have stored it)',
    );
    console.log(
      `pino destination, Slack hanging, script ends: 'beforeExit' ${r.beforeExit - r.logged} ms after the log calls, gone ${r.goneAt - r.beforeExit} ms after it`,
    );
  });
});

describe("pino destination: end(), then 'finish'", () => {
  it("1,000 entries with closeNotifier: 'finish' once all are in Slack, each once; the process ends at once", async () => {
    const channel = 'pd-end-1000';
    const r = await run({
      ...base,
      channel,
      count: 1000,
      ending: 'end',
      closeNotifier: true,
      flushTimeoutMs: 30_000,
      perChannelPerSecond: 500,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stats).toMatchObject({ accepted: 1000, delivered: 1000, pending: 0, dropped: 0 });
    expect(await held(channel)).toEqual(ids(1000));
    expect(r.goneAt - (r.finish ?? Number.NaN)).toBeLessThanOrEqual(TEARDOWN_MS);
    console.log(
      `pino destination, 1,000 entries: 'finish' ${(r.finish ?? 0) - r.logged} ms after end(), gone ${r.goneAt - (r.finish ?? 0)} ms after`,
    );
  });

  it("Slack hanging: 'finish' within flushTimeoutMs + 250 ms, what was not sent counted", async () => {
    const channel = 'pd-end-hang';
    await exits.emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'hang' } });
    const flushTimeoutMs = 1000;
    const r = await run({ ...base, channel, count: 3, ending: 'end', closeNotifier: true, flushTimeoutMs });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect((r.finish ?? Number.POSITIVE_INFINITY) - r.logged).toBeLessThanOrEqual(
      flushTimeoutMs + CLOSE_SLACK_MS,
    );
    expect(r.goneAt - (r.finish ?? Number.NaN)).toBeLessThanOrEqual(TEARDOWN_MS);
    const s = r.stats as NotifierStats;
    expect(s).toMatchObject({ accepted: 3, delivered: 0, pending: 0, dropped: 3 });
    expect(s.droppedByReason).toEqual({ closed: 2, aborted_in_flight: 1 });
    expect(await held(channel)).toEqual([['0', 1]]);
    // The hang stores the first post and never answers: in flight at the deadline, its outcome unknown.
    expect(r.own.map((l) => l['msg'])).toContain(
      '3 message(s) not delivered before the notifier closed; dropped; 1 of them was in flight (sent, ' +
        'no answer from Slack), its outcome unknown (Slack may have stored it)',
    );
  });
});

describe('pino destination: process.exit() right after logger.error()', () => {
  it('saves nothing with the memory store: the process is gone before any request is made', async () => {
    const channel = 'pd-exit';
    const r = await run({ ...base, channel, ending: 'exit' });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(await exits.emu.control.messages(channel)).toEqual([]);
  });
});
