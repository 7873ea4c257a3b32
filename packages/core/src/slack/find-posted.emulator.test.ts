import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackGateway } from './create-slack-gateway.js';
import type { ChannelInfo, SlackGateway } from './gateway-types.js';

let emu: SlackEmulator;
// The emulator's limiter is off (or set by a test to provoke a real 429): the gateway's budget is scaled out
// of the way so these tests see Slack's answers, not the budget's pacing.
const UNPACED = { scale: 1000 };
let gateway: SlackGateway;
let channel: ChannelInfo;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'find-posted', rateLimits: { enabled: false } });
  gateway = createSlackGateway({
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    timeoutMs: 400,
    budget: UNPACED,
  });
  const res = await gateway.ensureChannel('alerts-find');
  if (!res.ok) throw new Error(`setup failed: ${res.failure.code}`);
  channel = res.value;
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.control.clearFaults();
});

describe('postMessage, findPosted, isMember against the emulator', () => {
  it('posts with the id in metadata, no unfurling, and in a thread', async () => {
    const parent = await gateway.postMessage(channel.id, { text: 'parent' }, { id: 'msg-parent' });
    if (!parent.ok) throw new Error(parent.failure.code);
    const reply = await gateway.postMessage(
      channel.id,
      { text: 'reply' },
      { id: 'msg-reply', threadTs: parent.value.ts },
    );
    if (!reply.ok) throw new Error(reply.failure.code);
    const messages = emu.control.messages(channel.id);
    const p = messages.find((m) => m.ts === parent.value.ts);
    const r = messages.find((m) => m.ts === reply.value.ts);
    expect(p?.metadata).toEqual({ event_type: 'backend_notifier', event_payload: { id: 'msg-parent' } });
    expect(r?.threadTs).toBe(parent.value.ts);
    expect(r?.metadata?.event_payload).toEqual({ id: 'msg-reply' });
  });

  it('a hung post times out as ambiguous, and findPosted finds the recorded message by id', async () => {
    const before = Date.now();
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'hang', ms: 3_000 } });
    const post = await gateway.postMessage(channel.id, { text: 'maybe posted' }, { id: 'msg-hung' });
    expect(post).toMatchObject({ ok: false, failure: { kind: 'ambiguous', code: 'timeout' } });
    const recorded = emu.control
      .messages(channel.id)
      .find((m) => m.metadata?.event_payload.id === 'msg-hung');
    expect(recorded).toBeDefined();
    const found = await gateway.findPosted(channel.id, 'msg-hung', before);
    expect(found).toEqual({ ok: true, value: recorded?.ts });
  });

  it('a hung thread reply is found in its thread', async () => {
    const before = Date.now();
    const parent = await gateway.postMessage(
      channel.id,
      { text: 'thread parent' },
      { id: 'msg-thread-parent' },
    );
    if (!parent.ok) throw new Error(parent.failure.code);
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'hang', ms: 3_000 } });
    const post = await gateway.postMessage(
      channel.id,
      { text: 'reply' },
      { id: 'msg-hung-reply', threadTs: parent.value.ts },
    );
    expect(post).toMatchObject({ ok: false, failure: { kind: 'ambiguous' } });
    const recorded = emu.control
      .messages(channel.id)
      .find((m) => m.metadata?.event_payload.id === 'msg-hung-reply');
    expect(recorded?.threadTs).toBe(parent.value.ts);
    expect(await gateway.findPosted(channel.id, 'msg-hung-reply', before, parent.value.ts)).toEqual({
      ok: true,
      value: recorded?.ts,
    });
  });

  it('findPosted says undefined for an id that was never posted', async () => {
    await gateway.postMessage(channel.id, { text: 'other' }, { id: 'msg-other' });
    expect(await gateway.findPosted(channel.id, 'msg-never', Date.now() - 60_000)).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('findPosted ignores messages older than oldestMs', async () => {
    const res = await gateway.postMessage(channel.id, { text: 'old' }, { id: 'msg-old' });
    if (!res.ok) throw new Error(res.failure.code);
    const postedMs = Number(res.value.ts) * 1000;
    expect(await gateway.findPosted(channel.id, 'msg-old', postedMs - 500)).toEqual({
      ok: true,
      value: res.value.ts,
    });
    expect(await gateway.findPosted(channel.id, 'msg-old', postedMs + 5_000)).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('findPosted pages through a busy channel', async () => {
    const since = Date.now() - 1_000;
    const first = await gateway.postMessage(channel.id, { text: 'needle' }, { id: 'msg-needle' });
    if (!first.ok) throw new Error(first.failure.code);
    for (let i = 0; i < 70; i++)
      await gateway.postMessage(channel.id, { text: `hay ${i}` }, { id: `hay-${i}` });
    expect(await gateway.findPosted(channel.id, 'msg-needle', since)).toEqual({
      ok: true,
      value: first.value.ts,
    });
  });

  it('with a history budget: every page after the first is charged to it, and the walk is never cut', async () => {
    const since = Date.now() - 1_000;
    const needle = await gateway.postMessage(channel.id, { text: 'budget needle' }, { id: 'msg-budget' });
    if (!needle.ok) throw new Error(needle.failure.code);
    for (let i = 0; i < 25; i++)
      await gateway.postMessage(channel.id, { text: `straw ${i}` }, { id: `straw-${i}` });
    let charged = 0;
    const budget = { waitMs: () => 0, take: () => void charged++ };
    const paged = createSlackGateway({
      token: emu.botToken,
      slackApiUrl: emu.apiUrl,
      timeoutMs: 2_000,
      findPosted: { pageSize: 10, maxPages: 3, budget },
    });
    emu.control.clearRequestLog();
    expect(await paged.findPosted(channel.id, 'msg-budget', since)).toEqual({
      ok: true,
      value: needle.value.ts,
    });
    // Three pages: the first is the caller's to spend, the other two were charged to the budget.
    expect(emu.control.requestLog().filter((r) => r.method === 'conversations.history')).toHaveLength(3);
    expect(charged).toBe(2);
  });

  it('without a history scope findPosted is unknown (permanent missing_scope), the circuit stays closed', async () => {
    const token = emu.control.createToken({
      scopes: ['chat:write', 'channels:read', 'channels:join', 'channels:manage'],
      kind: 'bot',
    });
    const noHistory = createSlackGateway({ token, slackApiUrl: emu.apiUrl, timeoutMs: 2_000 });
    // Before authTest the scopes are unknown: the call is made and Slack's missing_scope is mapped.
    expect(await noHistory.findPosted(channel.id, 'x', Date.now())).toMatchObject({
      ok: false,
      failure: { kind: 'permanent', code: 'missing_scope' },
    });
    await noHistory.authTest();
    emu.control.clearRequestLog();
    expect(await noHistory.findPosted(channel.id, 'x', Date.now())).toMatchObject({
      ok: false,
      failure: { kind: 'permanent', code: 'missing_scope' },
    });
    expect(emu.control.requestLog()).toEqual([]);
  });

  it('isMember uses the bot user id (true), and is false for bot_id or after removal', async () => {
    const auth = await gateway.authTest();
    if (!auth.ok) throw new Error(auth.failure.code);
    expect(await gateway.isMember(channel.id, auth.value.userId)).toEqual({ ok: true, value: true });
    expect(await gateway.isMember(channel.id, auth.value.botId ?? 'B-none')).toEqual({
      ok: true,
      value: false,
    });
    const other = emu.control.createChannel({ name: 'alerts-not-member' });
    expect(await gateway.isMember(other.id, auth.value.userId)).toEqual({ ok: true, value: false });
  });

  it('permalink of a posted message', async () => {
    const res = await gateway.postMessage(channel.id, { text: 'link me' }, { id: 'msg-link' });
    if (!res.ok) throw new Error(res.failure.code);
    const link = await gateway.permalink(channel.id, res.value.ts);
    expect(link.ok).toBe(true);
    if (link.ok) expect(link.value).toContain(`/archives/${channel.id}/p${res.value.ts.replace('.', '')}`);
  });

  it('update rewrites the text and keeps the metadata', async () => {
    const res = await gateway.postMessage(channel.id, { text: 'v1' }, { id: 'msg-upd' });
    if (!res.ok) throw new Error(res.failure.code);
    expect(await gateway.update(channel.id, res.value.ts, { text: 'v2 (x3)' })).toEqual({
      ok: true,
      value: undefined,
    });
    const m = emu.control.messages(channel.id).find((x) => x.ts === res.value.ts);
    expect(m?.text).toBe('v2 (x3)');
    expect(m?.metadata?.event_payload).toEqual({ id: 'msg-upd' });
  });

  it('non-Marketplace history limits (Tier 1, limit capped at 15): a recent message is still found', async () => {
    emu.control.setRateLimits({ enabled: true, nonMarketplace: true });
    try {
      const before = Date.now();
      emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'hang', ms: 3_000 } });
      await gateway.postMessage(channel.id, { text: 'capped' }, { id: 'msg-capped' });
      const recorded = emu.control
        .messages(channel.id)
        .find((m) => m.metadata?.event_payload.id === 'msg-capped');
      expect(await gateway.findPosted(channel.id, 'msg-capped', before)).toEqual({
        ok: true,
        value: recorded?.ts,
      });
      // The second history call inside the minute is refused: "unknown", as a rate limit.
      expect(await gateway.findPosted(channel.id, 'msg-capped', before)).toMatchObject({
        ok: false,
        failure: { kind: 'rate_limited' },
      });
    } finally {
      emu.control.setRateLimits({ enabled: false, nonMarketplace: false });
    }
  });
});
