import { MANIFEST_BOT_SCOPES } from '@backend-notifier/core';
import { describe, expect, it } from 'vitest';
import { scopeNeeds } from './feature-scopes.js';

const scopes = (s: Parameters<typeof scopeNeeds>[0]) => scopeNeeds(s).map((n) => n.scope);

describe('scopeNeeds', () => {
  it('covers exactly core’s manifest scopes across every feature combination', () => {
    const union = new Set([
      ...scopes({}),
      ...scopes({ postWithoutJoin: true }),
      ...scopes({ isPrivate: true }),
    ]);
    expect([...union].sort()).toEqual([...MANIFEST_BOT_SCOPES].sort());
  });

  it('needs the public set by default, history optional', () => {
    const needs = scopeNeeds();
    expect(needs.map((n) => n.scope)).toEqual([
      'chat:write',
      'channels:manage',
      'channels:read',
      'channels:join',
      'channels:history',
    ]);
    expect(needs.filter((n) => n.optional).map((n) => n.scope)).toEqual(['channels:history']);
  });

  it('swaps join for chat:write.public, public for private, and drops history on request', () => {
    expect(scopes({ postWithoutJoin: true })).toContain('chat:write.public');
    expect(scopes({ postWithoutJoin: true })).not.toContain('channels:join');
    expect(scopes({ isPrivate: true, history: false })).toEqual([
      'chat:write',
      'groups:write',
      'groups:read',
    ]);
  });
});
