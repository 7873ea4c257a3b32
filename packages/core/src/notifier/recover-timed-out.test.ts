/**
 * Late commits on the fake clock: a timed-out post that Slack stores later is looked up when it should have
 * landed and only posted again when still absent at the end of its grace. The emulator scenario (14) checks
 * the same against the real WebClient.
 */
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test-support/capture-logger.js';
import { type FakeCall, FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { Notifier, NotifierOptions } from '../types.js';
import { createNotifierWith } from './create-notifier.js';

const TIMEOUT = 10_000;

/**
 * A gateway whose posts (the `late` ones) time out after TIMEOUT and land `lateMs` after they went out,
 * as Slack still storing a request the client gave up on.
 */
function setup(
  lateMs: (call: FakeCall, n: number) => number | undefined,
  options: Partial<NotifierOptions> = {},
) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  let n = 0;
  let seq = 0;
  const landed: { id: string; at: number }[] = [];
  gw.script = async (call) => {
    if (call.method !== 'chat.postMessage') return undefined;
    const late = lateMs(call, n++);
    if (late === undefined) return undefined;
    const id = call.id as string;
    clock.setTimeout(() => {
      // Slack's ts is the moment it stored the message; the latest copy is what a look-up finds.
      const ts = `${Math.floor(clock.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
      gw.posted.set(id, { channel: call.channel as string, ts });
      landed.push({ id, at: clock.now() });
    }, late);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, TIMEOUT));
    return { kind: 'ambiguous', code: 'timeout' };
  };
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      routes: { other: 'other' },
      clock,
      logger: captureLogger(),
      autoStart: false,
      healthCheckIntervalMs: 0,
      workspacePerMinute: 6000,
      timeoutMs: TIMEOUT,
      retry: { backoff: { baseMs: 1000, maxMs: 60_000, jitter: 'equal' } },
      ...options,
    },
    { gateway: gw, random: () => 0.5 },
  );
  return { clock, gw, notifier, landed, t0: clock.now() };
}

const lookups = (gw: FakeGateway, id?: string) =>
  gw.calls.filter((c) => c.method === 'findPosted' && (id === undefined || c.id === id));

function balanced(notifier: Notifier): boolean {
  const s = notifier.stats();
  return s.accepted === s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped;
}

describe('late commits (fake clock)', () => {
  it('a post stored 12 s after it went out (timeout 10 s) is found, not posted twice: 2 look-ups', async () => {
    const { clock, gw, notifier, landed, t0 } = setup((_c, n) => (n === 0 ? 12_000 : undefined));
    await notifier.start();
    const r = notifier.notify('late one');
    await clock.advance(60_000);
    const outcome = await r.delivered;
    expect(outcome).toMatchObject({ status: 'delivered', ts: gw.posted.get(r.id)?.ts });
    expect(gw.posts()).toHaveLength(1);
    expect(landed).toHaveLength(1);
    // One look when it should have landed (right after the backoff: nothing learnt yet), one at the end of
    // the grace (timeout + graceMs = 20 s after it went out).
    const looks = lookups(gw, r.id).map((c) => c.at - t0);
    expect(looks).toHaveLength(2);
    expect(looks[0]).toBeLessThan(12_000);
    expect(looks[1]).toBeGreaterThanOrEqual(20_000);
    expect(notifier.stats()).toMatchObject({ delivered: 1, pending: 0, rateLimited: 0 });
    expect(balanced(notifier)).toBe(true);
  });

  it('a post that never lands is posted again at the end of the grace, not before', async () => {
    const { clock, gw, notifier, t0 } = setup((_c, n) => (n === 0 ? 10 * 60_000 : undefined));
    await notifier.start();
    const r = notifier.notify('lost one');
    await clock.advance(40_000);
    expect((await r.delivered).status).toBe('delivered');
    const posts = gw.posts().map((c) => c.at - t0);
    expect(posts).toHaveLength(2);
    expect(posts[1]).toBeGreaterThanOrEqual(TIMEOUT + TIMEOUT);
    expect(lookups(gw, r.id)).toHaveLength(2);
  });

  it('learns how late Slack commits: the next timed-out posts are looked up once, when they have landed', async () => {
    const { clock, gw, notifier, landed } = setup(() => 12_000);
    await notifier.start();
    const receipts = Array.from({ length: 5 }, (_, i) => notifier.notify(`m${i}`));
    await clock.advance(5 * 60_000);
    for (const r of receipts) expect((await r.delivered).status).toBe('delivered');
    expect(gw.posts()).toHaveLength(5);
    expect(landed).toHaveLength(5);
    // 2 look-ups for the first (nothing learnt), then 1 each: lateness 2 s learnt, looked at 10 + 2.5 s.
    expect(receipts.map((r) => lookups(gw, r.id).length)).toEqual([2, 1, 1, 1, 1]);
  });

  it('25 s late: the first post is duplicated (beyond the 10 s grace), the lateness is learnt, the rest are not', async () => {
    const { clock, gw, notifier, landed } = setup(() => 25_000);
    await notifier.start();
    const receipts = Array.from({ length: 4 }, (_, i) => notifier.notify(`m${i}`));
    await clock.advance(10 * 60_000);
    for (const r of receipts) expect((await r.delivered).status).toBe('delivered');
    const perId = receipts.map((r) => landed.filter((l) => l.id === r.id).length);
    expect(perId).toEqual([2, 1, 1, 1]);
    // The grace widened to twice the lateness seen (15 s), capped at 3 x timeout.
    expect(gw.posts().length).toBe(5);
  });

  it('graceMs covers it: 25 s late with graceMs 20 s, no duplicate from the first post on', async () => {
    const { clock, notifier, landed } = setup(() => 25_000, { lateCommit: { graceMs: 20_000 } });
    await notifier.start();
    const receipts = Array.from({ length: 3 }, (_, i) => notifier.notify(`m${i}`));
    await clock.advance(10 * 60_000);
    for (const r of receipts) expect((await r.delivered).status).toBe('delivered');
    expect(receipts.map((r) => landed.filter((l) => l.id === r.id).length)).toEqual([1, 1, 1]);
  });

  it('while a post is awaited its channel waits (order kept, no attempt used); other channels flow', async () => {
    const { clock, gw, notifier, t0 } = setup((c) =>
      c.message?.text.includes('first') ? 12_000 : undefined,
    );
    await notifier.start();
    const first = notifier.notify('first');
    const second = notifier.notify('second');
    const elsewhere = notifier.notify({ text: 'elsewhere', channel: 'other' });
    await clock.advance(5_000);
    expect((await elsewhere.delivered).status).toBe('delivered');
    await clock.advance(60_000);
    const a = await first.delivered;
    const b = await second.delivered;
    expect([a.status, b.status]).toEqual(['delivered', 'delivered']);
    const at = (id: string) => gw.posts().find((p) => p.id === id)?.at ?? -1;
    expect(at(second.id) - t0).toBeGreaterThanOrEqual(12_000);
    expect(notifier.stats()).toMatchObject({ retried: 1, deadLettered: 0 });
  });

  it('the history budget paces look-ups: no more than historyPerMinute, the wait is not a rate limit', async () => {
    const channels = ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const { clock, gw, notifier } = setup(() => 60 * 60_000, {
      routes: Object.fromEntries(channels.map((c) => [c, c])),
      lateCommit: { historyPerMinute: 2, graceMs: 0 },
      retry: { maxAttempts: 3, backoff: { baseMs: 1000, maxMs: 1000, jitter: 'equal' } },
    });
    await notifier.start();
    for (const channel of channels) notifier.notify({ text: channel, channel });
    await clock.advance(15 * 60_000);
    const at = lookups(gw).map((c) => c.at);
    // Without the budget these 16 look-ups would all come within the first 30 s.
    expect(at.length).toBe(16);
    // Burst of 3, then 2 per minute: any 60 s window holds at most 3 + 2.
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(5);
    expect(notifier.stats().rateLimited).toBe(0);
  });

  it('a timed-out digest: one look-up settles every item it carried, none posted again', async () => {
    const { clock, gw, notifier, landed } = setup(
      (c) => (c.message?.text.includes('Digest') ? 12_000 : undefined),
      {
        perChannelPerSecond: 1,
        digest: { afterMs: 5_000, maxItems: 10 },
      },
    );
    const receipts = Array.from({ length: 20 }, (_, i) => notifier.notify(`m${i}`));
    await notifier.start();
    await clock.advance(5 * 60_000);
    const outcomes = await Promise.all(receipts.map((r) => r.delivered));
    expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
    const digests = gw.posts().filter((p) => p.message?.text.includes('Digest'));
    expect(digests.length).toBeGreaterThan(0);
    // Each line m<i> appears once across everything Slack holds: the digests that landed and the posts.
    const texts = [
      ...landed.map((l) =>
        JSON.stringify(gw.calls.find((c) => c.method === 'chat.postMessage' && c.id === l.id)?.message),
      ),
      ...gw
        .posts()
        .filter((p) => !p.message?.text.includes('Digest'))
        .map((p) => JSON.stringify(p.message)),
    ];
    for (let i = 0; i < 20; i++) {
      expect(texts.filter((t) => new RegExp(`m${i}\\b`).test(t)).length, `m${i}`).toBe(1);
    }
    expect(lookups(gw).length).toBeLessThanOrEqual(2 * digests.length);
  });

  it('rejects bad lateCommit options at creation', () => {
    const make = (lateCommit: NotifierOptions['lateCommit']) => () => setup(() => undefined, { lateCommit });
    expect(make({ graceMs: -1 })).toThrow(/lateCommit.graceMs/);
    expect(make({ graceMs: 5000, maxGraceMs: 1000 })).toThrow(/maxGraceMs/);
    expect(make({ historyPerMinute: 0 })).toThrow(/historyPerMinute/);
  });
});
