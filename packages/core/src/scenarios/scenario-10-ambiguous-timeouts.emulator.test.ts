/**
 * Scenario 10: ambiguous timeouts. Scaled down: the emulator records the message, then holds the answer
 * 3 s (30 s in the scenario) while the client gives up after 300 ms (10 s); 30 % of posts hang.
 */
import {
  type RequestLogEntry,
  type SlackEmulator,
  startSlackEmulator,
} from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emulatorNotifier, postedIds } from '../test-support/emulator-notifier.js';

let emu: SlackEmulator;
const TIMEOUT_MS = 300;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 's10', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

async function run(prefix: string, recoverAmbiguous: boolean) {
  const { notifier } = emulatorNotifier(emu, {
    channel: `${prefix}-a`,
    routes: { b: `${prefix}-b` },
    timeoutMs: TIMEOUT_MS,
    // Equal jitter: every backoff is at least baseMs / 2 = 50 ms, so "timeout + backoff" is measurable on the
    // server's clock (which sees each request a few ms after the client started its timeout).
    retry: { backoff: { baseMs: 100, maxMs: 1000, jitter: 'equal' } },
    recoverAmbiguous,
  });
  await notifier.start();
  const ids = [emu.control.channel(`${prefix}-a`)?.id ?? '', emu.control.channel(`${prefix}-b`)?.id ?? ''];
  const from = emu.control.requestLog().at(-1)?.seq ?? 0;
  const faults = ids.map((channel) =>
    emu.control.addFault({
      method: 'chat.postMessage',
      channel,
      probability: 0.3,
      action: { type: 'hang', ms: 3000 },
    }),
  );
  const receipts = Array.from({ length: 100 }, (_, i) =>
    notifier.notify(i % 2 ? `a ${i}` : { text: `b ${i}`, channel: 'b' }),
  );
  const outcomes = await Promise.all(receipts.map((r) => r.delivered));
  for (const f of faults) emu.control.removeFault(f);
  const log = emu.control
    .requestLog()
    .filter((r) => r.seq > from && r.channel !== undefined && ids.includes(r.channel));
  const posted = [...postedIds(emu, `${prefix}-a`), ...postedIds(emu, `${prefix}-b`)];
  await notifier.close(1000);
  return { receipts, outcomes, log, posted, ids };
}

/** Client-side in-flight intervals never overlap on a channel: a hung request ends when the client gives up. */
function expectOneInFlightPerChannel(log: RequestLogEntry[], channel: string): void {
  const mine = log.filter((r) => r.channel === channel).sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < mine.length; i++) {
    const prev = mine[i - 1] as RequestLogEntry;
    const end = prev.outcome === 'hang' ? prev.at + TIMEOUT_MS : prev.doneAt;
    expect(mine[i]?.at ?? 0).toBeGreaterThanOrEqual(end);
  }
}

it('scenario 10: with metadata recovery, 0 duplicates and ≤ 1 history look-up per timed-out post', async () => {
  const { receipts, outcomes, log, posted, ids } = await run('s10-rec', true);
  expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
  const hung = log.filter((r) => r.method === 'chat.postMessage' && r.outcome === 'hang');
  expect(hung.length).toBeGreaterThan(10);
  // Every id exactly once: no duplicate although every hung post was recorded by Slack.
  expect(posted.slice().sort()).toEqual(receipts.map((r) => r.id).sort());
  const history = log.filter((r) => r.method === 'conversations.history');
  expect(history.length).toBeLessThanOrEqual(hung.length);
  // The first retry comes no earlier than timeout + backoff. The server logs a request some ms after the
  // client started its timeout (socket set-up on a loaded machine), so on the server's clock we check
  // "≥ timeout": the smallest backoff (50 ms) is the margin that absorbs that offset.
  for (const h of hung) {
    const next = log.find((r) => r.seq > h.seq && r.channel === h.channel);
    if (next) expect(next.at - h.at).toBeGreaterThanOrEqual(TIMEOUT_MS);
  }
  for (const id of ids) expectOneInFlightPerChannel(log, id);
}, 90_000);

it('scenario 10: without recovery, at most 1 duplicate per timed-out post, nothing lost', async () => {
  const { receipts, outcomes, log, posted, ids } = await run('s10-raw', false);
  expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
  const hung = log.filter((r) => r.method === 'chat.postMessage' && r.outcome === 'hang');
  expect(log.filter((r) => r.method === 'conversations.history')).toHaveLength(0);
  expect(new Set(posted)).toEqual(new Set(receipts.map((r) => r.id)));
  const duplicates = posted.length - new Set(posted).size;
  expect(duplicates).toBeGreaterThan(0);
  expect(duplicates).toBeLessThanOrEqual(hung.length);
  for (const id of ids) expectOneInFlightPerChannel(log, id);
}, 90_000);
