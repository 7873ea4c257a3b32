/**
 * Storm grouping on the fake clock (Slack's side is the fake gateway: this is queue and timer logic; the
 * Slack-facing half is in storm.emulator.test.ts). Includes scenario 7 at full scale (60 s, 30 s interval).
 */
import { describe, expect, it } from 'vitest';
import { createNotifierWith } from '../notifier/create-notifier.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { DeliveryOutcome, Notifier, NotifierOptions } from '../types.js';

function setup(options: Partial<NotifierOptions> = {}) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  const logger = captureLogger();
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger,
      autoStart: false,
      healthCheckIntervalMs: 0,
      workspacePerMinute: 60_000,
      perChannelPerSecond: 10,
      ...options,
    },
    { gateway: gw, random: () => 0.5 },
  );
  return { clock, gw, logger, notifier, t0: clock.now() };
}

function expectBalanced(notifier: Notifier): void {
  const s = notifier.stats();
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
}

/** The `×N` counter in a message's text, or 1 when it has none. */
function counterOf(text: string | undefined): number {
  const m = text?.match(/\(×([\d,]+)\)/);
  return m?.[1] ? Number(m[1].replace(/,/g, '')) : 1;
}

/** An error whose message changes every time (ids, numbers, timestamps), as a storm's does. */
function stormError(i: number): Error {
  const e = new Error(
    `payment ${10_000 + i} declined for user ${i * 7} (request ${crypto.randomUUID()}) at ${new Date(1_700_000_000_000 + i).toISOString()}`,
  );
  e.name = 'PaymentDeclinedError';
  return e;
}

describe('scenario 7: error-storm grouping (fake clock, full scale)', () => {
  it('10,000 occurrences in 60 s: 1 post, ≤ 2 updates, final count 10,000; 100 other errors stay 100 groups', async () => {
    const { clock, gw, notifier, t0 } = setup({ grouping: { waitMs: 5_000, intervalMs: 30_000 } });
    await notifier.start();
    const outcomes: Promise<DeliveryOutcome>[] = [];
    let emitted = 0;
    for (let second = 0; second < 60; second++) {
      const due = Math.round(((second + 1) * 10_000) / 60);
      for (; emitted < due; emitted++) {
        const r = notifier.notify({ error: stormError(emitted), priority: 'high' });
        if (emitted % 1000 === 0) outcomes.push(r.delivered);
      }
      // The 100 distinct errors, 3 occurrences each, spread over the first 10 s.
      if (second < 10) {
        for (let k = second * 10; k < second * 10 + 10; k++) {
          const e = new Error(`lookup failed for key ${k * 13}`);
          e.name = `Kind${String.fromCharCode(65 + (k % 26))}${Math.floor(k / 26)}Error`;
          for (let rep = 0; rep < 3; rep++) notifier.notify({ error: e });
        }
      }
      await clock.advance(1_000);
    }
    await clock.advance(60_000);
    const storm = gw.posts().filter((c) => c.message?.text.includes('PaymentDeclinedError'));
    expect(storm).toHaveLength(1);
    expect(storm[0]?.at).toBe(t0 + 5_000);
    const ts = gw.posted.get(storm[0]?.id ?? '')?.ts;
    const updates = gw.updates().filter((c) => c.ts === ts);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(60 / 30));
    expect(counterOf(updates.at(-1)?.message?.text)).toBe(10_000);
    // Updates at most once per interval.
    for (let i = 1; i < updates.length; i++) {
      expect((updates[i]?.at ?? 0) - (updates[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(30_000);
    }
    const others = gw.posts().filter((c) => !c.message?.text.includes('PaymentDeclinedError'));
    expect(others).toHaveLength(100);
    const names = new Set(others.map((c) => c.message?.text.match(/Kind\w+Error/)?.[0]));
    expect(names.size).toBe(100);
    // Each distinct group counted exactly its own 3 occurrences (its wait collected them all).
    for (const c of others) expect(counterOf(c.message?.text)).toBe(3);
    const s = notifier.stats();
    expect(s).toMatchObject({ accepted: 10_300, delivered: 101, grouped: 10_199, pending: 0, dropped: 0 });
    expectBalanced(notifier);
    const settled = await Promise.all(outcomes);
    expect(settled[0]?.status).toBe('delivered');
    expect(settled.slice(1).every((o) => o.status === 'grouped')).toBe(true);
    await notifier.close();
  });
});

describe('grouping windows (fake clock)', () => {
  it('posts at once with no wait, updates at most once per interval, and posts anew after a quiet period', async () => {
    const { clock, gw, notifier, t0 } = setup({
      grouping: { intervalMs: 10_000, repeatAfterMs: 60_000, windowMs: 600_000 },
    });
    await notifier.start();
    const err = new Error('db timeout after 3000 ms');
    notifier.notify({ error: err });
    await clock.advance(100);
    expect(gw.posts()).toHaveLength(1);
    expect(gw.posts()[0]?.at).toBe(t0);
    for (let i = 0; i < 50; i++) {
      notifier.notify({ error: new Error(`db timeout after ${i} ms`) });
      await clock.advance(400);
    }
    await clock.advance(30_000);
    expect(gw.posts()).toHaveLength(1);
    const updates = gw.updates();
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < updates.length; i++) {
      expect((updates[i]?.at ?? 0) - (updates[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(10_000);
    }
    expect(counterOf(updates.at(-1)?.message?.text)).toBe(51);
    // Quiet for longer than repeatAfterMs: the next occurrence is a new message.
    await clock.advance(60_000);
    notifier.notify({ error: new Error('db timeout after 1 ms') });
    await clock.advance(1_000);
    expect(gw.posts()).toHaveLength(2);
    expectBalanced(notifier);
    expect(notifier.stats()).toMatchObject({ delivered: 2, grouped: 50 });
  });

  it('a storm longer than windowMs posts a new message once per window', async () => {
    const { clock, gw, notifier } = setup({
      grouping: { intervalMs: 5_000, repeatAfterMs: 60_000, windowMs: 20_000 },
    });
    await notifier.start();
    for (let i = 0; i < 50; i++) {
      notifier.notify({ text: 'cache miss storm', fingerprint: 'cache-miss' });
      await clock.advance(1_000);
    }
    // t = 0, 20 s and 40 s open a window each.
    expect(gw.posts()).toHaveLength(3);
    expectBalanced(notifier);
  });

  it("groups only errors and explicit fingerprints by default; match: 'all' groups texts by their masked form", async () => {
    const a = setup();
    await a.notifier.start();
    for (let i = 0; i < 5; i++) a.notifier.notify(`disk 9${i}% full on host-${i}`);
    await a.clock.advance(5_000);
    expect(a.gw.posts()).toHaveLength(5);
    const b = setup({ grouping: { match: 'all' } });
    await b.notifier.start();
    for (let i = 0; i < 5; i++) b.notifier.notify(`disk 9${i}% full on host-${i}`);
    b.notifier.notify({ text: 'disk 99% full on host-7' });
    b.notifier.notify('a different message');
    await b.clock.advance(5_000);
    expect(b.gw.posts()).toHaveLength(2);
    expect(b.notifier.stats().grouped).toBe(5);
    const off = setup({ grouping: { match: 'off' } });
    await off.notifier.start();
    for (let i = 0; i < 3; i++) off.notifier.notify({ error: new Error('same') });
    await off.clock.advance(5_000);
    expect(off.gw.posts()).toHaveLength(3);
  });

  it('a group whose first message was dropped ends: the next occurrence posts anew', async () => {
    const { clock, gw, notifier } = setup({ maxItems: 1 });
    // Not started: the first occurrence waits in the store, then a high one evicts it.
    notifier.notify({ error: new Error('boom'), priority: 'low' });
    notifier.notify({ text: 'urgent', priority: 'high' });
    expect(notifier.stats().droppedByReason.queue_overflow).toBe(1);
    await notifier.start();
    await clock.advance(1_000);
    notifier.notify({ error: new Error('boom'), priority: 'low' });
    await clock.advance(5_000);
    expect(gw.posts().map((c) => c.message?.text ?? '')).toEqual([
      expect.stringContaining('urgent'),
      expect.stringContaining('boom'),
    ]);
    expect(notifier.stats().grouped).toBe(0);
    expectBalanced(notifier);
  });

  it('close() during waitMs sends the waiting first occurrence with its count instead of dropping it', async () => {
    const { clock, gw, notifier } = setup({ grouping: { waitMs: 60_000 } });
    await notifier.start();
    const first = notifier.notify({ error: new Error('late 1') });
    notifier.notify({ error: new Error('late 2') });
    const closing = notifier.close(5_000);
    await clock.advance(2_000);
    expect(await closing).toBe(true);
    expect((await first.delivered).status).toBe('delivered');
    expect(gw.posts()).toHaveLength(1);
    expect(gw.posts()[0]?.message?.text).toContain('(×2)');
    expectBalanced(notifier);
  });

  it('close() sends the counter update still due instead of waiting for the interval', async () => {
    const { clock, gw, notifier } = setup({ grouping: { intervalMs: 60_000 } });
    await notifier.start();
    notifier.notify({ error: new Error('queue 0 stuck') });
    await clock.advance(1_000);
    for (let i = 1; i < 6; i++) notifier.notify({ error: new Error(`queue ${i} stuck`) });
    await clock.advance(1_000);
    expect(gw.posts()).toHaveLength(1);
    expect(gw.updates()).toHaveLength(0);
    const closing = notifier.close(1_000);
    await clock.advance(2_000);
    await closing;
    expect(gw.updates()).toHaveLength(1);
    expect(gw.updates()[0]?.message?.text).toContain('(×6)');
  });

  it('a group posted as plain text (blocks refused) is updated as plain text too', async () => {
    const { clock, gw, notifier } = setup({ grouping: { intervalMs: 1_000 } });
    gw.script = (call) =>
      call.method === 'chat.postMessage' && call.message?.blocks
        ? { kind: 'rejected', code: 'invalid_blocks' }
        : undefined;
    await notifier.start();
    notifier.notify({ error: new Error('render 1 failed') });
    await clock.advance(2_000);
    notifier.notify({ error: new Error('render 2 failed') });
    await clock.advance(2_000);
    const ok = gw.posts().filter((c) => !c.message?.blocks);
    expect(ok).toHaveLength(1);
    expect(gw.updates()).toHaveLength(1);
    expect(gw.updates()[0]?.message?.blocks).toBeUndefined();
    expect(gw.updates()[0]?.message?.text).toContain('×2');
  });

  it('sample replies: at most sampleReplies thread replies per group, one per update', async () => {
    const { clock, gw, notifier } = setup({ grouping: { intervalMs: 1_000, sampleReplies: 2 } });
    await notifier.start();
    for (let i = 0; i < 10; i++) {
      notifier.notify({ error: new Error(`upstream 50${i} from svc`) });
      await clock.advance(1_000);
    }
    await clock.advance(5_000);
    const parent = gw.posts()[0];
    const ts = gw.posted.get(parent?.id ?? '')?.ts;
    const replies = gw.posts().filter((c) => c.ts === ts);
    expect(replies).toHaveLength(2);
    expect(gw.posts()).toHaveLength(3);
  });
});
