import { type FaultAction, type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
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
  emu = await startSlackEmulator({ port: 0, seed: 'classify', rateLimits: { enabled: false } });
  gateway = createSlackGateway({
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    timeoutMs: 500,
    budget: UNPACED,
  });
  const res = await gateway.ensureChannel('alerts-faults');
  if (!res.ok) throw new Error(`setup failed: ${res.failure.code}`);
  channel = res.value;
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.control.clearFaults();
  emu.control.setRateLimits({ enabled: false });
});

const post = (id = 'm') => gateway.postMessage(channel.id, { text: 'fault test' }, { id });

describe('every emulator fault is classified right (real WebClient)', () => {
  const cases: Array<[string, FaultAction, Record<string, unknown>]> = [
    [
      '429 Retry-After 3',
      { type: 'ratelimit', retryAfter: 3 },
      { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 3000 },
    ],
    [
      '429 without Retry-After',
      { type: 'ratelimit', retryAfter: null },
      { kind: 'rate_limited', code: 'ratelimited' },
    ],
    ['HTTP 500', { type: 'http', status: 500 }, { kind: 'transient', code: 'http_500' }],
    ['HTTP 503', { type: 'http', status: 503 }, { kind: 'transient', code: 'http_503' }],
    ['delay past the client timeout', { type: 'delay', ms: 1_500 }, { kind: 'ambiguous', code: 'timeout' }],
    ['hang', { type: 'hang', ms: 1_500 }, { kind: 'ambiguous', code: 'timeout' }],
    ['connection reset', { type: 'reset' }, { kind: 'transient', code: 'request_error' }],
    ['non-JSON 200', { type: 'non_json' }, { kind: 'transient', code: 'invalid_response' }],
    ['3xx redirect', { type: 'redirect' }, { kind: 'transient', code: 'request_error' }],
    [
      'internal_error',
      { type: 'error', error: 'internal_error' },
      { kind: 'transient', code: 'internal_error' },
    ],
    [
      'service_unavailable',
      { type: 'error', error: 'service_unavailable' },
      { kind: 'transient', code: 'service_unavailable' },
    ],
    ['fatal_error', { type: 'error', error: 'fatal_error' }, { kind: 'ambiguous', code: 'fatal_error' }],
    [
      'not_in_channel',
      { type: 'error', error: 'not_in_channel' },
      { kind: 'not_in_channel', code: 'not_in_channel' },
    ],
    [
      'channel_not_found',
      { type: 'error', error: 'channel_not_found' },
      { kind: 'channel_gone', code: 'channel_not_found' },
    ],
    ['is_archived', { type: 'error', error: 'is_archived' }, { kind: 'channel_gone', code: 'is_archived' }],
    ['invalid_auth', { type: 'error', error: 'invalid_auth' }, { kind: 'auth', code: 'invalid_auth' }],
    ['token_revoked', { type: 'error', error: 'token_revoked' }, { kind: 'auth', code: 'token_revoked' }],
    [
      'account_inactive',
      { type: 'error', error: 'account_inactive' },
      { kind: 'auth', code: 'account_inactive' },
    ],
    [
      'token_expired',
      { type: 'error', error: 'token_expired' },
      { kind: 'token_expired', code: 'token_expired' },
    ],
    [
      'missing_scope',
      { type: 'error', error: 'missing_scope', extra: { needed: 'chat:write', provided: 'channels:read' } },
      { kind: 'auth', code: 'missing_scope' },
    ],
    [
      'invalid_blocks',
      { type: 'error', error: 'invalid_blocks', extra: { errors: ['bad'] } },
      { kind: 'rejected', code: 'invalid_blocks' },
    ],
    ['msg_too_long', { type: 'error', error: 'msg_too_long' }, { kind: 'rejected', code: 'msg_too_long' }],
    [
      'an unknown code',
      { type: 'error', error: 'restricted_action' },
      { kind: 'permanent', code: 'restricted_action' },
    ],
  ];

  it.each(cases)('%s', async (_label, action, expected) => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action });
    emu.control.clearRequestLog();
    expect(await post()).toMatchObject({ ok: false, failure: expected });
    // retries: 0: the client never repeats a call itself (the queue owns retries).
    expect(
      emu.control.requestLog().filter((e) => e.method === 'chat.postMessage').length,
    ).toBeLessThanOrEqual(1);
    // The fault was used once and the next call goes through.
    expect((await post()).ok).toBe(true);
  });

  it('a real per-channel 429 from the emulator limiter', async () => {
    emu.control.setRateLimits({ enabled: true, postMessage: { perSecond: 1, burst: 1 } });
    const results = await Promise.all([post('a'), post('b'), post('c')]);
    const limited = results.filter((r) => !r.ok);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited)
      expect(r).toMatchObject({ ok: false, failure: { kind: 'rate_limited', code: 'ratelimited' } });
    const first = limited[0];
    if (first && !first.ok && first.failure.kind === 'rate_limited')
      expect(first.failure.retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  it('a validation error from the emulator itself (not injected): too many blocks → rejected', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    const res = await gateway.postMessage(channel.id, { text: 'x', blocks }, { id: 'too-many' });
    expect(res).toMatchObject({ ok: false, failure: { kind: 'rejected', code: 'invalid_blocks' } });
  });

  it('faults on other methods classify the same way', async () => {
    emu.control.addFault({
      method: 'conversations.history',
      times: 1,
      action: { type: 'http', status: 502 },
    });
    expect(await gateway.findPosted(channel.id, 'x', Date.now())).toMatchObject({
      ok: false,
      failure: { kind: 'transient', code: 'http_502' },
    });
    emu.control.addFault({
      method: 'conversations.members',
      times: 1,
      action: { type: 'ratelimit', retryAfter: 2 },
    });
    expect(await gateway.isMember(channel.id, 'U1')).toMatchObject({
      ok: false,
      failure: { kind: 'rate_limited', retryAfterMs: 2000 },
    });
    emu.control.addFault({ method: 'conversations.join', times: 1, action: { type: 'reset' } });
    expect(await gateway.join(channel.id)).toMatchObject({ ok: false, failure: { kind: 'transient' } });
    emu.control.addFault({
      method: 'chat.getPermalink',
      times: 1,
      action: { type: 'error', error: 'message_not_found' },
    });
    expect(await gateway.permalink(channel.id, '1.000001')).toMatchObject({
      ok: false,
      failure: { kind: 'permanent', code: 'message_not_found' },
    });
  });
});
