import { describe, expect, it } from 'vitest';
import { conversationKeyOf } from './conversation-key.js';
import type { ConversationState } from './conversation-types.js';
import {
  type ConversationEvent,
  type DecideContext,
  decideEvent,
  decideQuiet,
  decideResolve,
} from './decide-conversation.js';
import { resolveConversationOptions } from './resolve-conversation-options.js';

const s = resolveConversationOptions({ sampleEveryMs: 10_000, maxSamples: 2, quietMs: 60_000 });
const calm: DecideContext = { postWaitMs: 0, digestOpen: false, self: 'me' };
const T0 = 1_700_000_000_000;

function ev(at: number, partial: Partial<ConversationEvent> = {}): ConversationEvent {
  return {
    key: 'fp:abc',
    channel: 'alerts',
    kind: 'error',
    priority: 'normal',
    at,
    notification: { error: { name: 'TypeError', message: `boom at ${at}` } },
    ...partial,
  };
}

/** The state after the root was posted (what the driver stores on success). */
function posted(state: ConversationState): ConversationState {
  const { posting: _p, ...rest } = state;
  return { ...rest, channelId: 'C1', ts: '1.000100', shown: state.count };
}

describe('conversationKeyOf', () => {
  it('explicit key, then deployment identity, then fingerprint; plain text stands alone', () => {
    expect(conversationKeyOf({ text: 'x', key: 'db-down', error: new Error('e') }, 'f1')).toEqual({
      key: 'key:db-down',
      kind: 'error',
    });
    const d = { service: 'api', environment: 'prod', version: '1.2.3', status: 'started' as const };
    expect(conversationKeyOf({ deployment: d }, undefined)?.key).toBe('deploy:api/prod/1.2.3');
    expect(conversationKeyOf({ deployment: { ...d, status: 'succeeded', id: 'rel-9' } }, 'f')?.key).toBe(
      'deploy:rel-9',
    );
    expect(conversationKeyOf({ error: new Error('e') }, 'f1')).toEqual({ key: 'fp:f1', kind: 'error' });
    expect(conversationKeyOf({ text: 'hello' }, undefined)).toBeUndefined();
    expect(conversationKeyOf('hello', undefined)).toBeUndefined();
    expect(conversationKeyOf({ key: 'x'.repeat(1000) }, undefined)?.key.length).toBe(200);
  });
});

describe('decideEvent', () => {
  it('posts the root for a new key, claiming it; repeats update it and reply with samples at a bounded rate', () => {
    const first = decideEvent(undefined, ev(T0), s, calm);
    expect(first.actions).toEqual([{ type: 'post_root' }]);
    expect(first.next).toMatchObject({ count: 1, status: 'open', posting: { by: 'me', at: T0 } });
    let state = posted(first.next);
    const kinds: string[][] = [];
    for (let i = 1; i <= 30; i++) {
      const d = decideEvent(state, ev(T0 + i * 1000), s, calm);
      kinds.push(d.actions.map((a) => (a.type === 'reply' ? `reply:${a.reply.reason}` : a.type)));
      state = d.next;
    }
    expect(state.count).toBe(31);
    expect(kinds.every((k) => k[0] === 'update_root')).toBe(true);
    // maxSamples 2, at least 10 s apart: the first repeat, then 10 s later.
    const sampled = kinds.flatMap((k, i) => (k.includes('reply:sample') ? [i + 1] : []));
    expect(sampled).toEqual([1, 11]);
  });

  it('a repeat while the root is being posted only counts; a stale claim is taken over', () => {
    const first = decideEvent(undefined, ev(T0), s, calm).next;
    const during = decideEvent(first, ev(T0 + 500), s, { ...calm, self: 'other' });
    expect(during.actions).toEqual([{ type: 'update_root' }]);
    expect(during.next.posting?.by).toBe('me');
    const late = decideEvent(first, ev(T0 + s.claimTtlMs + 1), s, { ...calm, self: 'other' });
    expect(late.actions).toEqual([{ type: 'post_root' }]);
    expect(late.next.posting?.by).toBe('other');
    expect(late.next.count).toBe(2);
  });

  it('a priority rise replies with reply_broadcast and raises the root', () => {
    const state = posted(decideEvent(undefined, ev(T0), s, calm).next);
    const d = decideEvent(state, ev(T0 + 1, { priority: 'high' }), s, calm);
    expect(d.next.priority).toBe('high');
    expect(d.actions).toContainEqual({ type: 'update_root' });
    const reply = d.actions.find((a) => a.type === 'reply');
    expect(reply).toMatchObject({ reply: { reason: 'priority', broadcast: true } });
    // Not lowered again by a normal event, and no second broadcast.
    const after = decideEvent(d.next, ev(T0 + 2), s, calm);
    expect(after.next.priority).toBe('high');
    expect(after.actions.some((a) => a.type === 'reply' && a.reply.broadcast)).toBe(false);
  });

  it('folds a new key into the digest when the root would wait past foldAfterMs, and stays folded while the digest is open', () => {
    const busy = { ...calm, postWaitMs: s.foldAfterMs + 1 };
    const d = decideEvent(undefined, ev(T0), s, busy);
    expect(d.actions).toEqual([{ type: 'fold' }]);
    expect(d.next.folded).toBe(true);
    const again = decideEvent(d.next, ev(T0 + 1), s, { ...calm, digestOpen: true });
    expect(again.actions).toEqual([{ type: 'fold' }]);
    // The digest closed and the channel is calm: the key gets its own root, with its count so far.
    const promoted = decideEvent(again.next, ev(T0 + 2), s, calm);
    expect(promoted.actions).toEqual([{ type: 'post_root' }]);
    expect(promoted.next).toMatchObject({ count: 3, folded: false });
  });

  it('reopens a resolved conversation on the same message within reopenWithinMs; later starts anew', () => {
    const state = posted(decideEvent(undefined, ev(T0), s, calm).next);
    const resolved = decideResolve(state, T0 + 60_000, { by: 'alice' })?.next as ConversationState;
    const back = decideEvent(resolved, ev(T0 + 120_000), s, calm);
    expect(back.next).toMatchObject({ status: 'open', reopened: 1, ts: '1.000100', count: 2 });
    expect(back.next.resolvedBy).toBeUndefined();
    expect(back.actions).toContainEqual(
      expect.objectContaining({
        type: 'reply',
        reply: expect.objectContaining({ reason: 'reopened', broadcast: true }),
      }),
    );
    const muchLater = decideEvent(resolved, ev(T0 + 60_000 + s.reopenWithinMs + 1), s, calm);
    expect(muchLater.actions).toEqual([{ type: 'post_root' }]);
    expect(muchLater.next).toMatchObject({ count: 1, reopened: 0 });
    expect(muchLater.next.ts).toBeUndefined();
  });

  it("a deployment's life: started posts, succeeded updates the same root and replies the status", () => {
    const dep = (status: 'started' | 'succeeded' | 'failed') => ({
      deployment: { service: 'api', environment: 'prod', version: '1.2.3', status },
    });
    const k = { key: 'deploy:api/prod/1.2.3', kind: 'deployment' as const };
    const started = decideEvent(undefined, ev(T0, { ...k, notification: dep('started') }), s, calm);
    expect(started.actions).toEqual([{ type: 'post_root' }]);
    expect(started.next).toMatchObject({ phase: 'started', startedAt: T0, status: 'open' });
    const done = decideEvent(
      posted(started.next),
      ev(T0 + 185_000, { ...k, notification: dep('succeeded') }),
      s,
      calm,
    );
    expect(done.next).toMatchObject({ phase: 'succeeded', status: 'resolved', resolvedAt: T0 + 185_000 });
    expect(done.actions[0]).toEqual({ type: 'update_root' });
    expect(done.actions[1]).toMatchObject({
      type: 'reply',
      reply: { reason: 'status', line: 'Succeeded after 3 min' },
    });
  });
});

describe('decideResolve and decideQuiet', () => {
  it('resolve: the root says so and the thread gets one line; resolving twice changes nothing', () => {
    let state = posted(decideEvent(undefined, ev(T0), s, calm).next);
    for (let i = 1; i < 1204; i++) state = decideEvent(state, ev(T0 + i * 500), s, calm).next;
    const d = decideResolve(state, T0 + 12 * 60_000, { by: 'alice', note: 'rolled back' });
    expect(d?.next).toMatchObject({ status: 'resolved', resolvedBy: 'alice', count: 1204 });
    expect(d?.actions).toEqual([
      { type: 'update_root' },
      {
        type: 'reply',
        reply: {
          reason: 'resolved',
          line: 'Resolved by alice after 12 min, 1,204 occurrences. rolled back',
          broadcast: false,
        },
      },
    ]);
    expect(decideResolve(d?.next, T0 + 13 * 60_000)).toBeUndefined();
    expect(decideResolve(undefined, T0)).toBeUndefined();
  });

  it('quiet: resolves only after quietMs without events, measured to the last event', () => {
    let state = posted(decideEvent(undefined, ev(T0), s, calm).next);
    state = decideEvent(state, ev(T0 + 120_000), s, calm).next;
    expect(decideQuiet(state, T0 + 120_000 + s.quietMs - 1, s)).toBeUndefined();
    const d = decideQuiet(state, T0 + 120_000 + s.quietMs, s);
    expect(d?.next.status).toBe('resolved');
    expect(d?.actions[1]).toMatchObject({
      reply: { line: 'Resolved after 2 min, 2 occurrences, quiet for 1 min' },
    });
  });
});
