/**
 * Scenario 13 (core part), "The process ends": scripts a user would write, each in a child Node process that
 * nothing else keeps alive (no test-runner handles), ESM and CommonJS, against the emulator in another
 * process, counted from the Slack side. Runs the built package (`pnpm test` builds first).
 *
 * - Slack healthy: notify N (1, 100, 1,000) times, then `await close()`, `await flush()`, await every
 *   receipt, or nothing at all: all N in Slack exactly once, exit code 0, the process ends by itself.
 * - Slack hanging (`chat.postMessage` never answers): `close(2000)` resolves within 2,250 ms, the process
 *   ends within 100 ms after, nothing is printed after `close()` resolved, and what was not sent is counted
 *   (dropped `closed`, the post in flight at the deadline `aborted_in_flight`; kept, with a durable store).
 *   Without close(): the exit handling lets go within its bound and counts what is left as dropped `exit`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countIds,
  type EmulatorProcess,
  startEmulatorProcess,
  startNode,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ending, type ExitScript, exitScript } from '../lifecycle/test-support/exit-script.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu: EmulatorProcess;
let tmp: string;

beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 's13', rateLimits: false });
  tmp = mkdtempSync(join(tmpdir(), 'scenario-13-'));
}, 30_000);
afterAll(async () => {
  await emu?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  timedOut: boolean;
  durationMs: number;
  lines: string[];
  stderr: string;
  /** Wall-clock ms when the parent saw the process exit. */
  exitAt: number;
  /** Wall-clock ms when the parent got the `close-resolved` (or `exiting`) line, 0 if none. */
  resolvedLineAt: number;
  /** What the script's own 'exit' listener wrote: when, and the notifier's stats then. */
  atExit: { at: number; stats: Stats };
}

interface Stats {
  accepted: number;
  delivered: number;
  pending: number;
  dropped: number;
  deadLettered: number;
  grouped: number;
  droppedByReason: Record<string, number>;
}

async function run(script: Omit<ExitScript, 'exitFile'>, timeoutMs = 60_000): Promise<Ran> {
  const exitFile = join(tmp, `${script.tag}.exit.json`);
  const child = startNode({
    dir: packageDir,
    kind: script.kind,
    source: exitScript({ ...script, exitFile }),
    env: { SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
    timeoutMs,
  });
  let exitAt = 0;
  let resolvedLineAt = 0;
  child.proc.once('exit', () => {
    exitAt = Date.now();
  });
  child.waitForLine(/^(close-resolved|exiting) /, timeoutMs).then(
    () => {
      resolvedLineAt = Date.now();
    },
    () => undefined,
  );
  const done = await child.exited;
  return {
    code: done.code,
    timedOut: done.timedOut,
    durationMs: done.durationMs,
    lines: done.stdout.split('\n').filter((l) => l !== ''),
    stderr: done.stderr,
    exitAt,
    resolvedLineAt,
    atExit: JSON.parse(readFileSync(exitFile, 'utf8')),
  };
}

/** The `<tag>-<i>` ids Slack holds for a run, with how many times each. */
async function inSlack(tag: string): Promise<Map<string, number>> {
  return countIds(await emu.control.messages(tag), new RegExp(`${tag}-(\\d+)`));
}

const ids = (n: number, from = 0) => Array.from({ length: n - from }, (_, i) => String(from + i));

/** `[kind, word, value]` of a line `word <ms> <json>`. */
function marker(lines: string[], word: string): { at: number; json: Record<string, unknown> } {
  const line = lines.find((l) => l.startsWith(`${word} `));
  expect(line, `a "${word}" line in ${JSON.stringify(lines.slice(-5))}`).toBeDefined();
  const [, at, ...json] = (line as string).split(' ');
  return { at: Number(at), json: json.length > 0 ? JSON.parse(json.join(' ')) : {} };
}

const accountingHolds = (s: Stats) =>
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);

const figures: string[] = [];
afterAll(() => {
  if (figures.length > 0) console.log(`scenario 13 (core):\n  ${figures.join('\n  ')}`);
});

describe('scenario 13: Slack healthy, the script ends and everything is in Slack', () => {
  const endings: Ending[] = ['close', 'flush', 'receipts', 'none'];
  for (const kind of ['esm', 'cjs'] as const) {
    for (const ending of endings) {
      for (const n of [1, 100, 1000]) {
        it(`${kind}, notify ${n} then ${ending === 'none' ? 'just end' : `await ${ending}`}`, async () => {
          const tag = `s13-${kind}-${ending}-${n}`;
          // close(30 s), flush(60 s), exit handling 30 s: far above what N takes at 500/s even on a loaded
          // machine, so only a bug makes them time out (the default exit bound is the hanging case's).
          const ran = await run({
            kind,
            ending,
            n,
            tag,
            closeMs: 30_000,
            options: { exitTimeoutMs: 30_000 },
          });
          expect(ran.timedOut, 'ended by itself').toBe(false);
          expect(ran.code).toBe(0);
          expect(ran.stderr).toBe('');
          const slack = await inSlack(tag);
          expect([...slack.keys()].sort()).toEqual(ids(n).sort());
          expect(
            [...slack.values()].every((c) => c === 1),
            'no duplicate',
          ).toBe(true);
          expect(ran.atExit.stats).toMatchObject({ accepted: n, delivered: n, pending: 0, dropped: 0 });
          if (ending === 'close') expect(marker(ran.lines, 'close-resolved').json.ok).toBe(true);
          if (ending === 'flush') expect(marker(ran.lines, 'flushed').json.ok).toBe(true);
          if (ending === 'receipts') {
            expect(marker(ran.lines, 'receipts').json.byStatus).toEqual({ delivered: n });
          }
          // Nothing went wrong, so the notifier had nothing to say.
          expect(ran.lines.filter((l) => l.startsWith('log '))).toEqual([]);
          figures.push(
            `healthy ${kind} ${ending} N=${n}: ${n}/${n} in Slack, exit 0 after ${Math.round(ran.durationMs)} ms`,
          );
        }, 90_000);
      }
    }
  }
});

describe('scenario 13: Slack hanging (chat.postMessage never answers)', () => {
  for (const kind of ['esm', 'cjs'] as const) {
    for (const n of [1, 100, 1000]) {
      it(`${kind}, notify ${n} then close(2000): resolves within 2,250 ms, exits within 100 ms, silent after, all counted`, async () => {
        const tag = `s13-hang-${kind}-${n}`;
        await emu.control.addFault({ method: 'chat.postMessage', channel: tag, action: { type: 'hang' } });
        const ran = await run({ kind, ending: 'close', n, tag, closeMs: 2000 });
        expect(ran.timedOut).toBe(false);
        expect(ran.code).toBe(0);
        expect(ran.stderr).toBe('');
        const called = marker(ran.lines, 'close-called').at;
        const resolved = marker(ran.lines, 'close-resolved');
        const closeMs = resolved.at - called;
        expect(closeMs).toBeGreaterThanOrEqual(2000);
        expect(closeMs).toBeLessThanOrEqual(2250);
        // The loop emptied (the script's 'exit' event, on its clock) and the process was gone (as the parent
        // saw it: from the close-resolved line to the exit, so the parent's own delays count on both ends),
        // each within 100 ms.
        expect(ran.atExit.at - resolved.at).toBeLessThanOrEqual(100);
        expect(ran.exitAt - ran.resolvedLineAt).toBeLessThanOrEqual(100);
        // Nothing printed after close() resolved: its line is the last one.
        expect(ran.lines.at(-1)).toMatch(/^close-resolved /);
        // One warning, before close() resolved, tells what was not delivered.
        expect(ran.lines.filter((l) => l.startsWith('log '))).toEqual([
          expect.stringMatching(
            new RegExp(
              `^log warn ${n} message\\(s\\) not delivered before the notifier closed; dropped; 1 of them was in flight`,
            ),
          ),
        ]);
        const stats = (resolved.json as { ok: boolean; stats: Stats }).stats;
        expect((resolved.json as { ok: boolean }).ok).toBe(false);
        expect(stats).toMatchObject({ accepted: n, delivered: 0, pending: 0, dropped: n });
        // The one post in flight at the deadline has an unknown outcome (the emulator stored it); the rest
        // were never sent.
        expect(stats.droppedByReason).toEqual(
          n === 1 ? { aborted_in_flight: 1 } : { closed: n - 1, aborted_in_flight: 1 },
        );
        accountingHolds(stats);
        expect(ran.atExit.stats).toEqual(stats);
        // The one post that went out hangs; the emulator stored it (as Slack may): exactly that one.
        expect([...(await inSlack(tag)).entries()]).toEqual([['0', 1]]);
        figures.push(
          `hanging ${kind} N=${n}: close(2000) resolved after ${closeMs} ms; 'exit' +${ran.atExit.at - resolved.at} ms, process gone +${ran.exitAt - ran.resolvedLineAt} ms (parent: +${ran.exitAt - resolved.at} ms after the child's resolve time); dropped ${JSON.stringify(stats.droppedByReason)}`,
        );
      }, 30_000);
    }
  }

  it('durable store: close(2000) keeps what it could not send for the next start, counts nothing as dropped', async () => {
    const tag = 's13-hang-durable';
    const durableFile = join(tmp, `${tag}.left.json`);
    await emu.control.addFault({ method: 'chat.postMessage', channel: tag, action: { type: 'hang' } });
    const ran = await run({ kind: 'esm', ending: 'close', n: 100, tag, closeMs: 2000, durableFile });
    expect(ran.code).toBe(0);
    const resolved = marker(ran.lines, 'close-resolved');
    expect(resolved.at - marker(ran.lines, 'close-called').at).toBeLessThanOrEqual(2250);
    expect(ran.atExit.at - resolved.at).toBeLessThanOrEqual(100);
    expect(ran.exitAt - ran.resolvedLineAt).toBeLessThanOrEqual(100);
    expect(ran.lines.at(-1)).toMatch(/^close-resolved /);
    const stats = (resolved.json as { stats: Stats }).stats;
    expect(stats).toMatchObject({ accepted: 100, delivered: 0, dropped: 0, pending: 100 });
    // Every message is still in the store (the hung one too, marked ambiguous for a look-up at next start).
    const left = JSON.parse(readFileSync(durableFile, 'utf8')) as string[];
    expect(left.map((t) => t.replace(`${tag}-`, '')).sort()).toEqual(ids(100).sort());
    expect(ran.lines.filter((l) => l.startsWith('log '))).toEqual([
      expect.stringMatching(
        /^log warn 100 message\(s\) not delivered yet; kept in the store for the next start; 1 of them was in flight/,
      ),
    ]);
  }, 30_000);

  for (const kind of ['esm', 'cjs'] as const) {
    it(`${kind}, notify 100 and just end: the exit handling closes within exitTimeoutMs + 250 ms, all counted`, async () => {
      const tag = `s13-hang-none-${kind}`;
      await emu.control.addFault({ method: 'chat.postMessage', channel: tag, action: { type: 'hang' } });
      // A request in flight does not hold the process: the loop empties when the script ends, 'beforeExit'
      // fires and the notifier closes itself with exitTimeoutMs (holding the process meanwhile).
      const ran = await run({ kind, ending: 'none', n: 100, tag, options: { exitTimeoutMs: 1000 } });
      expect(ran.timedOut).toBe(false);
      expect(ran.code).toBe(0);
      expect(ran.stderr).toBe('');
      const ended = marker(ran.lines, 'script-ended').at;
      expect(ran.atExit.at - ended).toBeGreaterThanOrEqual(1000);
      expect(ran.atExit.at - ended).toBeLessThanOrEqual(1000 + 250);
      // Gone within 100 ms of its 'exit' event (parent's view: from the `exiting` line to the exit).
      expect(ran.exitAt - ran.resolvedLineAt).toBeLessThanOrEqual(100);
      expect(ran.lines.filter((l) => l.startsWith('log '))).toEqual([
        expect.stringMatching(
          /^log warn 100 message\(s\) not delivered before the notifier closed; dropped; 1 of them was in flight .*"reason":"exit","abortedInFlight":1/,
        ),
      ]);
      const stats = ran.atExit.stats;
      accountingHolds(stats);
      expect(stats.pending).toBe(0);
      expect(stats.accepted).toBe(100);
      expect(stats).toMatchObject({ delivered: 0, dropped: 100 });
      expect(stats.droppedByReason).toEqual({ exit: 99, aborted_in_flight: 1 });
      // The one post that went out hangs and the emulator stored it: exactly that one.
      expect([...(await inSlack(tag)).entries()]).toEqual([['0', 1]]);
      figures.push(
        `hanging ${kind} no close(): exit ${ran.atExit.at - ended} ms after the script ended; delivered ${stats.delivered}, dropped ${JSON.stringify(stats.droppedByReason)}`,
      );
    }, 30_000);
  }
});

describe('scenario 13: what cannot be saved', () => {
  for (const kind of ['esm', 'cjs'] as const) {
    it(`${kind}, notify 5 then an uncaught exception (no handler): exit 1 at once, the memory outbox is lost`, async () => {
      const tag = `s13-throw-${kind}`;
      const ran = await run({ kind, ending: 'throw', n: 5, tag });
      expect(ran.timedOut).toBe(false);
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain('Error: boom');
      // Node ends the process without 'beforeExit': no request could be made (the README's uncaught-exception
      // example shows the handler that reports and closes first).
      expect(ran.atExit.stats).toMatchObject({ accepted: 5, delivered: 0, pending: 5 });
      expect((await inSlack(tag)).size).toBe(0);
    }, 30_000);
  }
});
