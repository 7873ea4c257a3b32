import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { Notifier, NotifierOptions } from '../types.js';
import { createNotifierWith } from './create-notifier.js';

function setup(options: Partial<NotifierOptions> = {}, random = () => 0.5) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  const logger = captureLogger();
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      routes: { deploys: 'deploys' },
      clock,
      logger,
      autoStart: false,
      healthCheckIntervalMs: 0,
      workspacePerMinute: 6000,
      ...options,
    },
    { gateway: gw, random },
  );
  return { clock, gw, logger, notifier, t0: clock.now() };
}

function expectBalanced(notifier: Notifier): void {
  const s = notifier.stats();
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped);
}

const textOf = (gw: FakeGateway) => gw.posts().map((c) => c.message?.text ?? '');

describe('dispatch order and pacing (fake clock)', () => {
  it('sends high before normal before low, oldest first, one per second per channel', async () => {
    const { clock, gw, notifier, t0 } = setup();
    const order = ['low', 'normal', 'high', 'normal', 'high', 'low'] as const;
    order.forEach((priority, i) => {
      notifier.notify({ text: `m${i}`, priority });
    });
    await notifier.start();
    await clock.advance(10_000);
    expect(textOf(gw).map((t) => t.match(/m\d/)?.[0])).toEqual(['m2', 'm4', 'm1', 'm3', 'm0', 'm5']);
    expect(gw.posts().map((c) => c.at - t0)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expectBalanced(notifier);
    expect(notifier.stats()).toMatchObject({ delivered: 6, pending: 0 });
  });

  it('paces each channel on its own: two channels run in parallel', async () => {
    const { clock, gw, notifier, t0 } = setup({ perChannelPerSecond: 2 });
    for (let i = 0; i < 4; i++) {
      notifier.notify({ text: `a${i}` });
      notifier.notify({ text: `d${i}`, channel: 'deploys' });
    }
    await notifier.start();
    await clock.advance(5_000);
    const byChannel = new Map<string, number[]>();
    for (const c of gw.posts())
      byChannel.set(c.channel ?? '', [...(byChannel.get(c.channel ?? '') ?? []), c.at - t0]);
    expect([...byChannel.values()]).toEqual([
      [0, 500, 1000, 1500],
      [0, 500, 1000, 1500],
    ]);
  });

  it('respects the workspace budget across channels', async () => {
    const { clock, gw, notifier, t0 } = setup({ perChannelPerSecond: 10, workspacePerMinute: 120 });
    for (let i = 0; i < 6; i++) {
      notifier.notify({ text: `a${i}` });
      notifier.notify({ text: `d${i}`, channel: 'deploys' });
    }
    await notifier.start();
    await clock.advance(10_000);
    const times = gw.posts().map((c) => c.at - t0);
    expect(times).toHaveLength(12);
    // 2/s workspace-wide with a burst of 2: in any 1 s window at most 2 + 2 requests.
    for (let i = 0; i < times.length; i++) {
      expect(
        times.filter((t) => t >= (times[i] ?? 0) && t < (times[i] ?? 0) + 1000).length,
      ).toBeLessThanOrEqual(4);
    }
    expect(times.at(-1)).toBeGreaterThanOrEqual(4500);
  });
});

describe('failure handling (fake clock)', () => {
  it('a 429 pauses only that channel for Retry-After and uses no attempt', async () => {
    const { clock, gw, notifier, t0 } = setup({ perChannelPerSecond: 10, retry: { maxAttempts: 1 } });
    let limited = 2;
    gw.script = (c) =>
      c.method === 'chat.postMessage' && c.channel?.startsWith('CALERTS') && limited-- > 0
        ? { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 3000 }
        : undefined;
    for (let i = 0; i < 3; i++) {
      notifier.notify({ text: `a${i}` });
      notifier.notify({ text: `d${i}`, channel: 'deploys' });
    }
    await notifier.start();
    await clock.advance(10_000);
    const alerts = gw
      .posts()
      .filter((c) => c.channel?.startsWith('CALERTS'))
      .map((c) => c.at - t0);
    const deploys = gw
      .posts()
      .filter((c) => c.channel?.startsWith('CDEPLOYS'))
      .map((c) => c.at - t0);
    expect(alerts).toEqual([0, 3000, 6000, 6100, 6200]);
    expect(deploys).toEqual([0, 100, 200]);
    expect(notifier.stats()).toMatchObject({ delivered: 6, deadLettered: 0, rateLimited: 2, retried: 0 });
    expectBalanced(notifier);
  });

  it('backs off transient failures exponentially, capped, then dead-letters after maxAttempts', async () => {
    const { clock, gw, notifier, t0 } = setup(
      {
        perChannelPerSecond: 100,
        retry: { maxAttempts: 6, backoff: { baseMs: 1000, maxMs: 4000, jitter: 'none' } },
      },
      () => 0,
    );
    gw.script = (c) =>
      c.method === 'chat.postMessage' ? { kind: 'transient', code: 'http_503' } : undefined;
    const r = notifier.notify('x');
    await notifier.start();
    await clock.advance(60_000);
    expect(gw.posts().map((c) => c.at - t0)).toEqual([0, 1000, 3000, 7000, 11000, 15000]);
    expect(await r.delivered).toMatchObject({ status: 'dead_lettered', reason: 'http_503' });
    expect(notifier.stats()).toMatchObject({ deadLettered: 1, retried: 5 });
    expectBalanced(notifier);
  });

  it('opens the circuit on auth failures, probes once per cooldown with no other traffic, then drains', async () => {
    const { clock, gw, notifier, t0 } = setup({ circuit: { failureThreshold: 2, cooldownMs: 60_000 } });
    let authOk = false;
    gw.script = (c) =>
      !authOk && (c.method === 'chat.postMessage' || c.method === 'auth.test')
        ? { kind: 'auth', code: 'invalid_auth' }
        : undefined;
    await notifier.start().catch(() => undefined);
    for (let i = 0; i < 5; i++) notifier.notify({ text: `m${i}` });
    await clock.advance(60_000 * 3 + 1000);
    const health = await notifier.health();
    expect(health.status).toBe('down');
    expect(health.checks.find((c) => c.name === 'auth')?.detail).toContain('auth_failed');
    expect(gw.posts()).toHaveLength(0);
    const probes = gw.calls.filter((c) => c.method === 'auth.test').map((c) => c.at - t0);
    expect(probes).toEqual([0, 60_000, 120_000, 180_000]);
    authOk = true;
    await clock.advance(60_000 + 10_000);
    expect(gw.posts()).toHaveLength(5);
    expect(notifier.stats()).toMatchObject({ delivered: 5, pending: 0 });
    // Start failed on this token; the probe's auth.test stands in for it, so health is whole again.
    const health2 = await notifier.health();
    expect(health2.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expectBalanced(notifier);
  });

  it('counts auth failures while sending: the circuit opens after the threshold, messages kept', async () => {
    const { clock, gw, notifier } = setup({ circuit: { failureThreshold: 3, cooldownMs: 60_000 } }, () => 0);
    gw.script = (c) =>
      c.method === 'chat.postMessage' ? { kind: 'auth', code: 'token_revoked' } : undefined;
    for (let i = 0; i < 3; i++) notifier.notify({ text: `m${i}` });
    await notifier.start();
    await clock.advance(30_000);
    expect(gw.posts()).toHaveLength(3);
    expect(notifier.stats()).toMatchObject({ pending: 3, deadLettered: 0 });
    expectBalanced(notifier);
  });

  it('not_in_channel: joins and retries when the bot was removed; dead-letters at once when it is a member', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    let refuse = 1;
    gw.members = false;
    gw.script = (c) =>
      c.method === 'chat.postMessage' && refuse-- > 0
        ? { kind: 'not_in_channel', code: 'not_in_channel' }
        : undefined;
    const joined = notifier.notify('after removal');
    await clock.advance(3000);
    expect(await joined.delivered).toMatchObject({ status: 'delivered' });
    expect(gw.calls.filter((c) => c.method === 'join')).toHaveLength(1);

    await clock.advance(60_000);
    gw.members = true;
    gw.script = (c) =>
      c.method === 'chat.postMessage' ? { kind: 'not_in_channel', code: 'not_in_channel' } : undefined;
    const before = gw.posts().length;
    const refused = [notifier.notify('a'), notifier.notify('b')];
    await clock.advance(5000);
    for (const r of refused)
      expect(await r.delivered).toMatchObject({ status: 'dead_lettered', reason: 'not_in_channel' });
    expect(gw.posts().length - before).toBe(2);
    expectBalanced(notifier);
  });

  it('channel_gone: sets the channel up again and retries in the new channel', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    let gone = 1;
    gw.script = (c) =>
      c.method === 'chat.postMessage' && gone-- > 0
        ? { kind: 'channel_gone', code: 'channel_not_found' }
        : undefined;
    const r = notifier.notify('x');
    await clock.advance(3000);
    const posts = gw.posts();
    expect(posts).toHaveLength(2);
    expect(posts[0]?.channel).not.toBe(posts[1]?.channel);
    expect(await r.delivered).toMatchObject({ status: 'delivered', channelId: posts[1]?.channel });
  });

  it('channel_gone with the same channel found again: one request, dead letter', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    gw.keepIds = true;
    gw.script = (c) =>
      c.method === 'chat.postMessage' ? { kind: 'channel_gone', code: 'is_archived' } : undefined;
    const r = notifier.notify('x');
    await clock.advance(3000);
    expect(gw.posts()).toHaveLength(1);
    expect(await r.delivered).toMatchObject({ status: 'dead_lettered', reason: 'is_archived' });
  });

  it('rejected: a rich message falls back to plain text once; a plain one is dead-lettered with one request', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    gw.script = (c) =>
      c.method === 'chat.postMessage' && c.message?.blocks
        ? { kind: 'rejected', code: 'invalid_blocks' }
        : undefined;
    const rich = notifier.notify({ title: 'Rich', text: 'body', fields: { a: 1 } });
    await clock.advance(3000);
    expect(await rich.delivered).toMatchObject({ status: 'delivered' });
    expect(gw.posts()).toHaveLength(2);
    expect(gw.posts()[1]?.message?.blocks).toBeUndefined();

    gw.script = (c) =>
      c.method === 'chat.postMessage' ? { kind: 'rejected', code: 'msg_too_long' } : undefined;
    const plain = notifier.notify('plain');
    await clock.advance(3000);
    expect(await plain.delivered).toMatchObject({ status: 'dead_lettered', reason: 'msg_too_long' });
    expect(gw.posts()).toHaveLength(3);
    expectBalanced(notifier);
  });

  it('ambiguous: looks the id up before re-posting, so a posted message is not posted twice', async () => {
    const { clock, gw, notifier } = setup({}, () => 0);
    await notifier.start();
    let hang = 1;
    gw.script = (c) => {
      if (c.method === 'chat.postMessage' && hang-- > 0) {
        gw.posted.set(c.id ?? '', { channel: c.channel ?? '', ts: '1700000000.999999' });
        return { kind: 'ambiguous', code: 'timeout' };
      }
      return undefined;
    };
    const r = notifier.notify('maybe posted');
    await clock.advance(5000);
    expect(await r.delivered).toMatchObject({ status: 'delivered', ts: '1700000000.999999' });
    expect(gw.posts()).toHaveLength(1);
    expect(gw.calls.filter((c) => c.method === 'findPosted')).toHaveLength(1);
  });

  it('token_expired: asks the provider again and retries', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    let expired = 1;
    gw.script = (c) =>
      c.method === 'chat.postMessage' && expired-- > 0
        ? { kind: 'token_expired', code: 'token_expired' }
        : undefined;
    const r = notifier.notify('x');
    await clock.advance(3000);
    expect(await r.delivered).toMatchObject({ status: 'delivered' });
    expect(gw.refreshes).toBe(1);
  });
});

describe('accounting (fake clock)', () => {
  it('evicts when full, reports drops in the next message that gets through, and balances', async () => {
    const { clock, gw, notifier } = setup({ maxItems: 3 });
    const receipts = ['low', 'low', 'normal', 'high', 'high'].map((priority, i) =>
      notifier.notify({ text: `m${i}`, priority: priority as 'low' }),
    );
    expect(await receipts[0]?.delivered).toMatchObject({ status: 'dropped', reason: 'queue_overflow' });
    expect(await receipts[1]?.delivered).toMatchObject({ status: 'dropped', reason: 'queue_overflow' });
    expect(notifier.stats()).toMatchObject({
      accepted: 5,
      pending: 3,
      dropped: 2,
      droppedByReason: { queue_overflow: 2 },
    });
    expectBalanced(notifier);
    await notifier.start();
    await clock.advance(5000);
    const payloads = gw.posts().map((c) => JSON.stringify(c.message));
    expect(payloads).toHaveLength(3);
    expect(payloads[0]).toContain('2 earlier notifications were dropped (queue_overflow: 2)');
    expect(payloads[1]).not.toMatch(/dropped/);
    expectBalanced(notifier);
  });

  it('drops bad payloads as invalid (logged) and throws for programmer errors', async () => {
    const { notifier, logger } = setup();
    const r = notifier.notify({ priority: 'high' });
    expect(await r.delivered).toMatchObject({ status: 'dropped', reason: 'invalid' });
    expect(await r.accepted).toBe(false);
    expect(logger.text()).toContain('invalid notification');
    expect(() => notifier.notify({ text: 'x', channel: 'nope' })).toThrow(/unknown route "nope"/);
    expect(() => notifier.notify(42 as never)).toThrow(/notification object or a string/);
    expect(notifier.stats()).toMatchObject({ accepted: 1, dropped: 1, droppedByReason: { invalid: 1 } });
    expectBalanced(notifier);
  });

  it('drops with feedback_loop what the notifier logger tries to notify', async () => {
    const clock = createFakeClock();
    const gw = new FakeGateway(clock);
    let notifier: Notifier | undefined;
    const outcomes: Promise<unknown>[] = [];
    const loopy = {
      debug() {},
      info() {},
      warn(message: string) {
        if (notifier) outcomes.push(notifier.notify(`log: ${message}`).delivered);
      },
      error() {},
    };
    notifier = createNotifierWith(
      {
        token: 'xoxb-unit',
        channel: 'alerts',
        clock,
        logger: loopy,
        autoStart: false,
        healthCheckIntervalMs: 0,
      },
      { gateway: gw },
    );
    notifier.notify({ priority: 'low' });
    expect(outcomes).toHaveLength(1);
    expect(await outcomes[0]).toMatchObject({ status: 'dropped', reason: 'feedback_loop' });
    expect(notifier.stats().droppedByReason).toMatchObject({ invalid: 1, feedback_loop: 1 });
    expectBalanced(notifier);
  });

  it('flush and close are idempotent, resolve to whether all was delivered, and count leftovers as closed', async () => {
    const { clock, notifier } = setup();
    await notifier.start();
    for (let i = 0; i < 5; i++) notifier.notify(`m${i}`);
    const flushed = notifier.flush(1500);
    await clock.advance(1500);
    expect(await flushed).toBe(false);
    const closing = [notifier.close(1000), notifier.close(1000)];
    await clock.advance(1000);
    expect(await closing[0]).toBe(false);
    expect(await closing[1]).toBe(false);
    // Sent at 0, 1000 and 2000 ms; the two left when close() gave up are dropped and counted.
    expect(notifier.stats()).toMatchObject({ delivered: 3, pending: 0, droppedByReason: { closed: 2 } });
    expect(await notifier.close()).toBe(false);
    expect(await notifier.flush()).toBe(true);
    expectBalanced(notifier);
    expect(clock.pendingTimers).toBe(0);
  });
});
