import { describe, expect, it } from 'vitest';
import type { SlackFailure } from '../slack/gateway-types.js';
import type { OutboxItem } from '../types.js';
import { decideFailure, type FailureState, RECOVERY_WINDOW_MS } from './decide-failure.js';

const NOW = 1_700_000_000_000;
const item = (over: Partial<OutboxItem> = {}): OutboxItem => ({
  id: 'm1',
  channel: 'alerts',
  priority: 'normal',
  seq: 1,
  acceptedAt: NOW - 1000,
  notification: 'hello',
  attempts: 0,
  ...over,
});
const state = (over: Partial<FailureState> = {}): FailureState => ({
  now: NOW,
  maxAttempts: 3,
  rich: false,
  channelId: 'C1',
  membershipRecoveredAt: Number.NEGATIVE_INFINITY,
  channelRecoveredAt: Number.NEGATIVE_INFINITY,
  ...over,
});

describe('decideFailure', () => {
  it('429: pause for exactly Retry-After, shared through the store, no attempt used, not a retry', () => {
    const failure: SlackFailure = { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 3000 };
    expect(decideFailure(item({ attempts: 2 }), failure, state())).toEqual({
      action: 'retry',
      item: {},
      pause: true,
      retried: false,
      rateLimitedUntil: NOW + 3000,
    });
  });

  it('transient: one attempt used and back off; the last attempt dead-letters with the code', () => {
    const failure: SlackFailure = { kind: 'transient', code: 'internal_error' };
    expect(decideFailure(item(), failure, state())).toEqual({
      action: 'retry',
      item: { attempts: 1 },
      pause: true,
      retried: true,
    });
    expect(decideFailure(item({ attempts: 2 }), failure, state())).toEqual({
      action: 'dead_letter',
      item: { attempts: 3 },
      code: 'internal_error',
    });
  });

  it('ambiguous (timeout): marks the item ambiguous so its next attempt looks it up first', () => {
    const failure: SlackFailure = { kind: 'ambiguous', code: 'timeout' };
    expect(decideFailure(item(), failure, state())).toMatchObject({
      action: 'retry',
      item: { attempts: 1, ambiguous: true },
    });
  });

  it('auth and token_expired: kept, the lane pauses (the circuit counts), no attempt used', () => {
    for (const kind of ['auth', 'token_expired'] as const) {
      expect(decideFailure(item(), { kind, code: 'invalid_auth' }, state())).toEqual({
        action: 'retry',
        item: {},
        pause: true,
        retried: false,
      });
    }
  });

  it('not_in_channel: rejoin once per window; again within the window, or with no channel, dead letter', () => {
    const failure: SlackFailure = { kind: 'not_in_channel', code: 'not_in_channel' };
    expect(decideFailure(item(), failure, state())).toEqual({ action: 'rejoin' });
    const recent = state({ membershipRecoveredAt: NOW - RECOVERY_WINDOW_MS + 1 });
    expect(decideFailure(item(), failure, recent)).toEqual({
      action: 'dead_letter',
      item: {},
      code: 'not_in_channel',
    });
    expect(decideFailure(item(), failure, state({ channelId: undefined })).action).toBe('dead_letter');
    expect(
      decideFailure(item(), failure, state({ membershipRecoveredAt: NOW - RECOVERY_WINDOW_MS })).action,
    ).toBe('rejoin');
  });

  it('channel_gone: set up again once per window, then dead letter', () => {
    const failure: SlackFailure = { kind: 'channel_gone', code: 'is_archived' };
    expect(decideFailure(item(), failure, state())).toEqual({ action: 'set_up_again' });
    expect(decideFailure(item(), failure, state({ channelRecoveredAt: NOW - 10 }))).toEqual({
      action: 'dead_letter',
      item: {},
      code: 'is_archived',
    });
  });

  it('rejected: a rich payload gets its plain-text fallback once; a plain one, or the fallback, dead-letters', () => {
    const failure: SlackFailure = { kind: 'rejected', code: 'invalid_blocks' };
    expect(decideFailure(item(), failure, state({ rich: true }))).toEqual({
      action: 'retry',
      item: { fallback: true },
      pause: false,
      retried: true,
    });
    expect(decideFailure(item(), failure, state()).action).toBe('dead_letter');
    expect(decideFailure(item({ fallback: true }), failure, state({ rich: true })).action).toBe(
      'dead_letter',
    );
  });

  it('permanent: dead letter at once, the item untouched', () => {
    const it1 = item();
    expect(decideFailure(it1, { kind: 'permanent', code: 'msg_too_long' }, state())).toEqual({
      action: 'dead_letter',
      item: {},
      code: 'msg_too_long',
    });
    expect(it1.attempts).toBe(0);
  });
});
