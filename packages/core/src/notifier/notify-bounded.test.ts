/**
 * notify() is bounded whatever it is given (issue 10, point 6): p99 <= 1 ms for fresh errors with a 2 MB
 * stack or a 5 MB message, and for huge blocks, fields and texts. Measured on the real, built notifier
 * (memory store, not started, Slack on a closed port), per call and around the call only, in a child Node
 * process as the user's process runs: the test runner installs its own `Error.prepareStackTrace` (source
 * maps), which makes the first read of every fresh error's stack cost 0.3 ms with pauses to 12 ms, a cost a
 * plain process does not have (and one with such a hook pays wherever the stack is read).
 *
 * The machine is shared (up to 8 jobs on 2 cores, load often over 10): a call the OS preempted measures
 * the other processes, not notify(). So each call also reads the process's involuntary context switches,
 * and a preempted call is measured again; garbage collection stays in (it is the call's own cost). Each
 * case runs 5 rounds of 200 calls after a warm-up; asserted is the median of the rounds' p99s. The p99 of
 * all calls, preempted ones included, is printed with NOTIFY_BOUNDED_REPORT=1. The bound is the issue's.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@backend-notifier/test-support';
import { expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BOUND_MS = 1;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const script = `
import { createNotifier } from '@backend-notifier/core';
const ROUNDS = 5, CALLS = 200, WARM_UP = 50, MB = 1024 * 1024;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const notifiers = [];
const notifier = (grouping) => {
  const n = createNotifier({ token: 'xoxb-1-2-bounded', channel: 'alerts', slackApiUrl: process.env.API,
    autoStart: false, healthCheckIntervalMs: 0, logger: silent, ...(grouping ? { grouping } : {}) });
  notifiers.push(n);
  return n;
};
// Built once and flat; each input is a fresh rope over it (what '…' + body gives), as in real code.
const flat = (s) => JSON.parse(JSON.stringify(s));
const MESSAGE_5MB = flat('y'.repeat(5 * MB));
const FRAME = '    at handle (/srv/app/node_modules/lib/index.js:10:20)\\n';
const frames = (bytes) => flat(FRAME.repeat(Math.ceil(bytes / FRAME.length)));
const FRAMES_2MB = frames(2 * MB), FRAMES_200KB = frames(200 * 1024);
// A counter as letters only (masking keeps words): distinct messages, so distinct fingerprints.
let seq = 0;
const word = () => { let s = '', n = ++seq; while (n > 0) { s += String.fromCharCode(103 + (n % 20)); n = Math.floor(n / 20); } return s; };
const stackError = (frames) => {
  const w = word();
  const e = new Error('boom ' + w);
  e.stack = 'Error: boom ' + w + '\\n    at main (/srv/app/src/main.ts:1:2)\\n' + frames + '    at tail (x.js:1:1)';
  return e;
};
const p = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
// One sample per call: its wall time, and whether the OS preempted the process meanwhile (an involuntary
// context switch: time given to other processes, not work of this call). Garbage collection is work of the
// call and stays in, preempted or not, whenever the call was not switched out.
const switches = () => process.resourceUsage().involuntaryContextSwitches;
function measure(label, n, make) {
  for (let w = 0; w < WARM_UP; w++) n.notify(make());
  const clean = [], raw = [];
  let preempted = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const ok = [], all = [];
    for (let tries = 0; ok.length < CALLS && tries < 20 * CALLS; tries++) {
      const input = make();
      const before = switches();
      const started = process.hrtime.bigint();
      n.notify(input);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (all.length < CALLS) all.push(ms);
      if (switches() === before) ok.push(ms);
      else preempted++;
    }
    clean.push(ok.length === CALLS ? p(ok, 0.99) : Number.POSITIVE_INFINITY);
    raw.push(p(all, 0.99));
  }
  console.log(JSON.stringify({ label, p99: p(clean, 0.5), rawP99: p(raw, 0.5), preempted, rounds: clean, rawRounds: raw }));
}
const errors = notifier();
measure('2 MB stack', errors, () => ({ error: stackError(FRAMES_2MB) }));
measure('2 MB stack, fingerprint given', errors, () => ({ error: stackError(FRAMES_2MB), fingerprint: 'fp-' + word() }));
measure('200 KB stack', errors, () => ({ error: stackError(FRAMES_200KB) }));
const grouped = notifier(), off = notifier({ match: 'off' });
measure('5 MB message', grouped, () => ({ error: new Error(MESSAGE_5MB + ' ' + seq++) }));
measure('5 MB message, grouping off', off, () => ({ error: new Error(MESSAGE_5MB + ' ' + seq++) }));
const huge = notifier();
const blocks = Array.from({ length: 1_000_000 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: 'b' + i } }));
const fields = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => ['k' + i, i]));
let deep = {}; const root = deep;
for (let i = 0; i < 10_000; i++) { deep.a = {}; deep = deep.a; }
const cyclic = {}; cyclic.self = cyclic;
measure('1,000,000 blocks', huge, () => ({ blocks }));
measure('10,000 fields', huge, () => ({ fields }));
measure('nested and cyclic fields', huge, () => ({ text: 't ' + word(), fields: { root, cyclic } }));
measure('5 MB text', huge, () => ({ text: MESSAGE_5MB + ' ' + seq++ }));
console.log(JSON.stringify({ stats: { errors: errors.stats(), grouped: grouped.stats(), off: off.stats(), huge: huge.stats() } }));
await Promise.all(notifiers.map((n) => n.close(0)));
`;

it('notify() p99 <= 1 ms: 2 MB stacks, 5 MB messages, a million blocks, 10,000 fields, nested fields, 5 MB texts', async () => {
  expect(
    existsSync(join(packageDir, 'dist', 'index.js')),
    'build core first (pnpm --filter @backend-notifier/core build)',
  ).toBe(true);
  const run = await runNode({
    dir: packageDir,
    source: script,
    env: { API: `http://127.0.0.1:${await closedPort()}/api/` },
    timeoutMs: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.timedOut).toBe(false);
  expect(run.code).toBe(0);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const cases = lines.filter((l) => 'label' in l) as Array<{
    label: string;
    p99: number;
    rawP99: number;
    preempted: number;
    rounds: number[];
    rawRounds: number[];
  }>;
  if (process.env.NOTIFY_BOUNDED_REPORT) console.log(cases.map((c) => JSON.stringify(c)).join('\n'));
  expect(cases.map((c) => c.label)).toHaveLength(9);
  for (const c of cases) {
    const detail = `p99 per round ${c.rounds.join(', ')} ms (all calls: ${c.rawRounds.join(', ')} ms; ${c.preempted} preempted)`;
    expect(c.p99, `${c.label}: ${detail}`).toBeLessThanOrEqual(BOUND_MS);
  }
  const { stats } = lines.at(-1) as { stats: Record<string, Record<string, unknown>> };
  const atLeast = 50 + 5 * 200; // per case; preempted calls were made again, so a few more
  const e = stats.errors as { accepted: number; pending: number };
  // Every error was taken in and kept apart (distinct fingerprints): nothing refused, nothing folded.
  expect(stats.errors).toMatchObject({ grouped: 0, droppedByReason: {}, pending: e.accepted });
  expect(e.accepted).toBeGreaterThanOrEqual(3 * atLeast);
  // A message too long to read is not told apart: one group, every repeat counted into it.
  const g = stats.grouped as { accepted: number };
  expect(stats.grouped).toMatchObject({ grouped: g.accepted - 1, pending: 1, droppedByReason: {} });
  expect(g.accepted).toBeGreaterThanOrEqual(atLeast);
  const o = stats.off as { accepted: number };
  expect(stats.off).toMatchObject({ pending: o.accepted, droppedByReason: {} });
  expect(stats.huge).toMatchObject({ droppedByReason: {} });
}, 180_000);
