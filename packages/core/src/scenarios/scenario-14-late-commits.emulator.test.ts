/**
 * Scenario 14: late commits. The emulator holds every post and stores it 12 s (then 25 s) after it arrived,
 * while the client gives up after 10 s: when the timeout fires the message does not exist yet.
 *
 * Time is scaled down 20x, every ratio kept: client timeout 500 ms (10 s), `late` 600 ms (12 s) and
 * 1,250 ms (25 s), backoff base 50 ms (1 s), the per-channel post rate 20/s (1/s), every Slack tier x20 in
 * the emulator (`rateLimits.scale`: `conversations.history` Tier 3 = 1,000/min for 50/min) and the
 * notifier's history budget likewise (`historyPerMinute`); the grace is the default (= the timeout). At
 * Slack's real rates the same run takes 20 times as long (about 10 minutes for 500 messages): with every
 * post late, the history tier (one look-up per message) and the client's 10 concurrent requests are what
 * bound it.
 */
import {
  type RequestLogEntry,
  type SlackEmulator,
  startSlackEmulator,
} from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emulatorNotifier, median } from '../test-support/emulator-notifier.js';
import type { DeliveryOutcome } from '../types.js';

const SCALE = 20;
const TIMEOUT_MS = 10_000 / SCALE;
const MESSAGES = 500;
const CHANNELS = 20;

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 's14', rateLimits: { scale: SCALE } });
});
afterAll(async () => {
  await emu?.close();
});

interface Run {
  outcomes: DeliveryOutcome[];
  /** Copies of each message id in the channels (from the message metadata). */
  copies: Map<string, number>;
  log: RequestLogEntry[];
  ids: string[];
  ms: number;
  accounted: boolean;
}

async function run(prefix: string, lateMs: number): Promise<Run> {
  const names = Array.from({ length: CHANNELS }, (_, i) => `${prefix}-${i}`);
  const { notifier } = emulatorNotifier(emu, {
    channel: names[0] as string,
    routes: Object.fromEntries(names.map((n, i) => [`c${i}`, n])),
    timeoutMs: TIMEOUT_MS,
    perChannelPerSecond: SCALE,
    workspacePerMinute: 120 * SCALE * CHANNELS,
    // Equal jitter: every backoff is at least 25 ms, so the client-side intervals checked below are apart.
    retry: { backoff: { baseMs: 1000 / SCALE, maxMs: 60_000 / SCALE, jitter: 'equal' } },
    lateCommit: { historyPerMinute: 50 * SCALE },
  });
  await notifier.start();
  const ids = names.map((n) => emu.control.channel(n)?.id ?? '');
  const from = emu.control.requestLog().at(-1)?.seq ?? 0;
  const faults = ids.map((channel) =>
    emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'late', ms: lateMs } }),
  );
  const started = Date.now();
  const receipts = Array.from({ length: MESSAGES }, (_, i) =>
    notifier.notify({ text: `s14 message ${i}`, channel: `c${i % CHANNELS}` }),
  );
  const outcomes = await Promise.all(receipts.map((r) => r.delivered));
  const ms = Date.now() - started;
  for (const f of faults) emu.control.removeFault(f);
  const stats = notifier.stats();
  const accounted =
    stats.accepted === stats.delivered + stats.pending + stats.deadLettered + stats.dropped + stats.grouped;
  await notifier.close(1000);
  // Let every held post land before counting (the last ones were sent up to `lateMs` ago).
  await new Promise((resolve) => setTimeout(resolve, lateMs + 200));
  const copies = new Map<string, number>(receipts.map((r) => [r.id, 0]));
  for (const id of ids) {
    for (const m of emu.control.messages(id)) {
      const mid = (m.metadata?.event_payload as { id?: string } | undefined)?.id;
      if (mid !== undefined && copies.has(mid)) copies.set(mid, (copies.get(mid) ?? 0) + 1);
    }
  }
  const log = emu.control
    .requestLog()
    .filter((r) => r.seq > from && r.channel !== undefined && ids.includes(r.channel));
  return { outcomes, copies, log, ids, ms, accounted };
}

/** When the client stopped waiting for a request (server clock): a held post at its timeout. */
const clientEnd = (e: RequestLogEntry) => (e.doneAt - e.at > TIMEOUT_MS ? e.at + TIMEOUT_MS : e.doneAt);

function figures(name: string, r: Run) {
  const posts = r.log.filter((e) => e.method === 'chat.postMessage');
  const history = r.log.filter((e) => e.method === 'conversations.history');
  const timedOut = posts.filter((e) => e.outcome === 'late' && e.doneAt - e.at > TIMEOUT_MS);
  // How long after a post's timeout its channel's next request (the look-up) came: the time cost.
  const waits = history.map((h) => {
    const post = posts.filter((p) => p.channel === h.channel && p.seq < h.seq).at(-1);
    return post ? h.at - (post.at + TIMEOUT_MS) : 0;
  });
  const out = {
    name,
    messages: MESSAGES,
    duplicates: [...r.copies.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
    lost: [...r.copies.values()].filter((c) => c === 0).length,
    posts: posts.length,
    timedOutPosts: timedOut.length,
    historyCalls: history.length,
    historyPerMessage: history.length / MESSAGES,
    rateLimited: r.log.filter((e) => e.outcome === 'ratelimited').length,
    lookUpAfterTimeoutMsMedian: median(waits),
    seconds: r.ms / 1000,
  };
  console.log(`scenario 14 (scaled ${SCALE}x) ${JSON.stringify(out)}`);
  return out;
}

/**
 * At most one lane call (post or look-up) in flight per channel, as the client saw it. Permalinks of
 * delivered messages are fetched off the lane on purpose, so they are not counted.
 */
function expectOneInFlightPerChannel(r: Run): void {
  const lane = new Set(['chat.postMessage', 'conversations.history']);
  for (const id of r.ids) {
    const mine = r.log.filter((e) => e.channel === id && lane.has(e.method)).sort((a, b) => a.seq - b.seq);
    for (let i = 1; i < mine.length; i++) {
      const prev = mine[i - 1] as RequestLogEntry;
      const next = mine[i] as RequestLogEntry;
      expect(next.at, `${prev.method} then ${next.method}`).toBeGreaterThanOrEqual(clientEnd(prev));
    }
  }
}

it('scenario 14: every post stored 12 s late (timeout 10 s): 0 duplicates in 500', async () => {
  const r = await run('s14-12', 12_000 / SCALE);
  const f = figures('late 12 s', r);
  expect(r.outcomes.every((o) => o.status === 'delivered')).toBe(true);
  expect(f.lost).toBe(0);
  expect(f.duplicates).toBe(0);
  expect(r.accounted).toBe(true);
  expect(f.timedOutPosts).toBe(MESSAGES);
  // At most two look-ups per timed-out post (when it should have landed, and at the end of its grace), and
  // never a 429: the history budget keeps to the tier.
  expect(f.historyCalls).toBeLessThanOrEqual(2 * f.timedOutPosts);
  expect(f.rateLimited).toBe(0);
  expectOneInFlightPerChannel(r);
}, 120_000);

it('scenario 14: every post stored 25 s late (timeout 10 s): at most 1 duplicate per channel, reported', async () => {
  const r = await run('s14-25', 25_000 / SCALE);
  const f = figures('late 25 s', r);
  expect(r.outcomes.every((o) => o.status === 'delivered')).toBe(true);
  expect(f.lost).toBe(0);
  expect(r.accounted).toBe(true);
  // 25 s is past the default window (timeout + grace = 20 s): a channel's first timed-out post is posted
  // again and lands twice. Finding it teaches the lateness (15 s past the timeout), the grace widens to
  // 2 x 15 s (the cap, 3 x timeout), and no later post of any channel is duplicated.
  expect(f.duplicates).toBeLessThanOrEqual(CHANNELS);
  expect(f.historyCalls).toBeLessThanOrEqual(2 * f.timedOutPosts);
  expect(f.rateLimited).toBe(0);
  expectOneInFlightPerChannel(r);
}, 120_000);
