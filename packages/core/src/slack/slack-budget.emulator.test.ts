/**
 * Every call of the Slack gateway goes through the one budget: against the emulator's limiter at exactly
 * Slack's published rates (its defaults: chat.postMessage 1/s per channel with a burst of 3, Tier 3 = 50 a
 * minute per method and token, a bucket of 50), posts and updates see 0 × 429, counted from the emulator's
 * request log. The updates run at 20× (emulator and budget scaled alike, so the ratio to the limit is Slack's);
 * the same updates from a bare WebClient are refused, so the check can fail.
 */
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackGateway } from './create-slack-gateway.js';
import type { SlackGateway } from './gateway-types.js';

const SCALE = 20;
let emu: SlackEmulator | undefined;
let gateway: SlackGateway | undefined;

afterEach(async () => {
  await gateway?.abort?.();
  await emu?.close();
  gateway = undefined;
  emu = undefined;
});

async function setUp(scale: number, seed: string) {
  emu = await startSlackEmulator({ port: 0, seed, rateLimits: { enabled: true, scale } });
  const gw = createSlackGateway({
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    timeoutMs: 5000,
    budget: { scale },
  });
  gateway = gw;
  const channels: string[] = [];
  for (const name of ['budget-a', 'budget-b', 'budget-c']) {
    const res = await gw.ensureChannel(name);
    if (!res.ok) throw new Error(res.failure.code);
    channels.push(res.value.id);
  }
  return { emu, gw, channels, from: emu.control.requestLog().at(-1)?.seq ?? 0 };
}

const logSince = (e: SlackEmulator, from: number) => e.control.requestLog().filter((r) => r.seq > from);

describe('the Slack budget against a limiter at exactly the published rate', () => {
  it("posts at Slack's real rate: 3 channels × 6 at once, 0 × 429, each channel at 0.96/s", async () => {
    const { emu: e, gw, channels, from } = await setUp(1, 'budget-real');
    const t0 = Date.now();
    const results = await Promise.all(
      channels.flatMap((c) =>
        Array.from({ length: 6 }, (_, i) => gw.postMessage(c, { text: `m${i}` }, { id: `${c}-${i}` })),
      ),
    );
    const elapsed = Date.now() - t0;
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const posts = logSince(e, from).filter((r) => r.method === 'chat.postMessage');
    expect(posts).toHaveLength(18);
    expect(posts.filter((r) => r.outcome !== 'ok')).toEqual([]);
    for (const c of channels) {
      const at = posts.filter((r) => r.channel === c).map((r) => r.at);
      for (let i = 1; i < at.length; i++)
        expect((at[i] as number) - (at[i - 1] as number)).toBeGreaterThan(990);
    }
    // Paced, not stalled: 5 gaps of 1 / 0.96 s, the channels in parallel (a loaded machine adds a little).
    expect(elapsed).toBeGreaterThanOrEqual(5 * 1041 - 10);
    expect(elapsed).toBeLessThan(5 * 1042 + 1500);
  }, 20_000);

  it(`chat.update at Tier 3 (×${SCALE}, the budget scaled alike): 150 at once and posts beside them, 0 × 429`, async () => {
    const { emu: e, gw, channels, from } = await setUp(SCALE, 'budget-update');
    const [a, b] = channels as [string, string];
    const root = await gw.postMessage(a, { text: 'root' }, { id: 'root' });
    if (!root.ok) throw new Error(root.failure.code);
    const t0 = Date.now();
    const [updates, posts] = await Promise.all([
      Promise.all(Array.from({ length: 150 }, (_, i) => gw.update(a, root.value.ts, { text: `×${i + 1}` }))),
      Promise.all(
        Array.from({ length: 40 }, (_, i) => gw.postMessage(b, { text: `p${i}` }, { id: `p${i}` })),
      ),
    ]);
    const elapsed = Date.now() - t0;
    expect(updates.filter((r) => !r.ok)).toEqual([]);
    expect(posts.filter((r) => !r.ok)).toEqual([]);
    const log = logSince(e, from);
    expect(log.filter((r) => r.method === 'chat.update')).toHaveLength(150);
    expect(log.filter((r) => r.outcome === 'ratelimited')).toEqual([]);
    // 150 updates: a burst of 25, then 125 at 48 × 20 per minute (16/s): 7.8 s; not slower than 10 % over.
    const ideal = (125 * 60_000) / (50 * 0.96 * SCALE);
    expect(elapsed).toBeGreaterThanOrEqual(ideal - 50);
    expect(elapsed).toBeLessThan(ideal * 1.1 + 500);
    const state = gw.budget?.states().find((s) => s.key === 'chat.update');
    expect(state).toMatchObject({
      method: 'chat.update',
      perMinute: 50 * 0.96 * SCALE,
      burst: 25,
      waiting: 0,
    });
  }, 30_000);

  it('the same 150 updates from a bare WebClient are refused by that limiter (the check can fail)', async () => {
    const { emu: e, gw, channels, from } = await setUp(SCALE, 'budget-control');
    const root = await gw.postMessage(channels[0] as string, { text: 'root' }, { id: 'root' });
    if (!root.ok) throw new Error(root.failure.code);
    const client = new WebClient(e.botToken, {
      slackApiUrl: e.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5000,
    });
    await Promise.allSettled(
      Array.from({ length: 150 }, (_, i) =>
        client.chat.update({ channel: channels[0] as string, ts: root.value.ts, text: `×${i}` }),
      ),
    );
    expect(logSince(e, from).filter((r) => r.outcome === 'ratelimited').length).toBeGreaterThan(50);
  });

  it('a 429 pauses only its own bucket for Retry-After; the other channel keeps its pace', async () => {
    const { emu: e, gw, channels, from } = await setUp(SCALE, 'budget-429');
    const [a, b] = channels as [string, string];
    e.control.addFault({
      method: 'chat.postMessage',
      channel: a,
      times: 1,
      action: { type: 'ratelimit', retryAfter: 2 },
    });
    const first = await gw.postMessage(a, { text: 'limited' }, { id: 'a0' });
    expect(first).toMatchObject({ ok: false, failure: { kind: 'rate_limited', retryAfterMs: 2000 } });
    const t0 = Date.now();
    const [againA, bs] = await Promise.all([
      gw.postMessage(a, { text: 'after the pause' }, { id: 'a1' }),
      Promise.all(
        Array.from({ length: 10 }, (_, i) => gw.postMessage(b, { text: `b${i}` }, { id: `b${i}` })),
      ),
    ]);
    expect(againA.ok).toBe(true);
    expect(bs.every((r) => r.ok)).toBe(true);
    const log = logSince(e, from).filter((r) => r.method === 'chat.postMessage');
    const limitedAt = log.find((r) => r.outcome === 'ratelimited')?.at as number;
    const nextA = log.filter((r) => r.channel === a && r.outcome === 'ok').map((r) => r.at);
    expect(nextA).toHaveLength(1);
    expect((nextA[0] as number) - limitedAt).toBeGreaterThanOrEqual(2000);
    // B went on at its own pace meanwhile: its 10 posts were done well inside A's pause.
    const lastB = Math.max(...log.filter((r) => r.channel === b).map((r) => r.at));
    expect(lastB - t0).toBeLessThan(1500);
  });
});
