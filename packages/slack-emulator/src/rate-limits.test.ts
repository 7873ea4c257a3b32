import { WebAPIRateLimitedError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rawCall, rejection, startTestEmulator } from './test-support/harness.js';

// A hand-driven clock makes bucket refills exact on a loaded machine.
let clock = Date.UTC(2026, 0, 1);
let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({
    now: () => clock,
    rateLimits: { tiers: { t2: 3, t3: 5 }, postMessage: { perSecond: 1, burst: 3 } },
  });
});
afterAll(() => emu.close());

async function outcomes(calls: Array<() => Promise<unknown>>): Promise<string[]> {
  const out: string[] = [];
  for (const call of calls) {
    try {
      await call();
      out.push('ok');
    } catch (err) {
      out.push(err instanceof WebAPIRateLimitedError ? `429:${err.retryAfter}` : String(err));
    }
  }
  return out;
}

describe('rate limits', () => {
  it('429 has an integer Retry-After and {ok:false,error:"ratelimited"}; the SDK error carries retryAfter', async () => {
    const { id } = emu.control.createChannel({ name: 'rl-shape', botMember: true });
    for (let i = 0; i < 3; i++) await clientFor(emu).chat.postMessage({ channel: id, text: `b${i}` });
    const raw = await rawCall(emu, 'chat.postMessage', {
      token: emu.botToken,
      contentType: 'application/x-www-form-urlencoded',
      body: `channel=${id}&text=over`,
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(raw.json).toEqual({ ok: false, error: 'ratelimited' });
    const err = await rejection(clientFor(emu).chat.postMessage({ channel: id, text: 'over again' }));
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect(err['retryAfter']).toBe(1);
    expect(emu.control.messages(id).map((m) => m.text)).toEqual(['b0', 'b1', 'b2']);
  });

  it('chat.postMessage: per channel 1/s after a burst of 3; other channels are independent', async () => {
    const a = emu.control.createChannel({ name: 'rl-a', botMember: true }).id;
    const b = emu.control.createChannel({ name: 'rl-b', botMember: true }).id;
    const slack = clientFor(emu);
    const post = (channel: string) => () => slack.chat.postMessage({ channel, text: 'x' });
    expect(await outcomes([post(a), post(a), post(a), post(a)])).toEqual(['ok', 'ok', 'ok', '429:1']);
    expect(await outcomes([post(b)])).toEqual(['ok']);
    clock += 1000;
    expect(await outcomes([post(a), post(a)])).toEqual(['ok', '429:1']);
    clock += 3000;
    expect(await outcomes([post(a), post(a), post(a), post(a)])).toEqual(['ok', 'ok', 'ok', '429:1']);
  });

  it('tier limits apply per method and per token', async () => {
    const slack = clientFor(emu);
    const create = (name: string) => () => slack.conversations.create({ name });
    // Tier 2 at 3/min: the 4th call within the minute is refused for ~20 s.
    expect(await outcomes([create('t-1'), create('t-2'), create('t-3'), create('t-4')])).toEqual([
      'ok',
      'ok',
      'ok',
      '429:20',
    ]);
    // Another Tier 2 method has its own bucket.
    await expect(slack.conversations.list()).resolves.toMatchObject({ ok: true });
    // Another token of the same workspace has its own bucket.
    const other = emu.control.createToken({ scopes: ['channels:manage'] });
    await expect(clientFor(emu, other).conversations.create({ name: 't-5' })).resolves.toMatchObject({
      ok: true,
    });
    clock += 20_000;
    expect(await outcomes([create('t-6'), create('t-7')])).toEqual(['ok', '429:20']);
  });

  it('Special-tier auth.test is not tier-limited', async () => {
    const slack = clientFor(emu);
    const calls = Array.from({ length: 30 }, () => () => slack.auth.test());
    expect(new Set(await outcomes(calls))).toEqual(new Set(['ok']));
  });

  it('scale multiplies every rate (ratios kept, Retry-After stays ≥ 1)', async () => {
    emu.control.setRateLimits({ scale: 20 });
    try {
      const id = emu.control.createChannel({ name: 'rl-scaled', botMember: true }).id;
      const slack = clientFor(emu);
      const post = () => slack.chat.postMessage({ channel: id, text: 'fast' });
      expect(await outcomes([post, post, post, post])).toEqual(['ok', 'ok', 'ok', '429:1']);
      clock += 50; // 1/s × 20 = one message every 50 ms
      expect(await outcomes([post, post])).toEqual(['ok', '429:1']);
    } finally {
      emu.control.setRateLimits({ scale: 1 });
    }
  });

  it('setRateLimits({enabled:false}) turns every limit off', async () => {
    emu.control.setRateLimits({ enabled: false });
    try {
      const id = emu.control.createChannel({ name: 'rl-off', botMember: true }).id;
      const slack = clientFor(emu);
      const calls = Array.from(
        { length: 10 },
        () => () => slack.chat.postMessage({ channel: id, text: 'x' }),
      );
      expect(new Set(await outcomes(calls))).toEqual(new Set(['ok']));
    } finally {
      emu.control.setRateLimits({ enabled: true });
    }
  });

  it('non-Marketplace mode puts conversations.history on Tier 1', async () => {
    emu.control.setRateLimits({ nonMarketplace: true });
    try {
      const id = emu.control.createChannel({ name: 'rl-history', botMember: true }).id;
      const slack = clientFor(emu);
      const read = () => slack.conversations.history({ channel: id });
      expect(await outcomes([read, read])).toEqual(['ok', '429:60']);
    } finally {
      emu.control.setRateLimits({ nonMarketplace: false });
    }
  });
});

describe('rate limits with the real clock', () => {
  it('a greedy sender gets at most burst + rate × elapsed messages through', async () => {
    const local = await startTestEmulator({ rateLimits: { postMessage: { perSecond: 20, burst: 2 } } });
    try {
      const id = local.control.createChannel({ name: 'real-clock', botMember: true }).id;
      const slack = clientFor(local);
      const started = Date.now();
      // Batches of 8 at once, so some are refused however slow the machine is.
      while (Date.now() - started < 600) {
        await Promise.all(
          Array.from({ length: 8 }, () =>
            slack.chat.postMessage({ channel: id, text: 'x' }).catch(() => undefined),
          ),
        );
      }
      const log = local.control.requestLog().filter((e) => e.method === 'chat.postMessage');
      const ok = log.filter((e) => e.outcome === 'ok');
      const limited = log.filter((e) => e.outcome === 'ratelimited');
      const span = ((log.at(-1)?.at ?? 0) - (log[0]?.at ?? 0)) / 1000;
      expect(limited.length).toBeGreaterThan(0);
      expect(ok.length).toBeLessThanOrEqual(2 + Math.ceil(20 * span) + 1);
      expect(ok.length).toBeGreaterThanOrEqual(2);
    } finally {
      await local.close();
    }
  });
});
