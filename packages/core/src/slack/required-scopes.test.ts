import { describe, expect, it } from 'vitest';
import type { Logger } from '../types.js';
import {
  checkScopes,
  featuresFor,
  MANIFEST_BOT_SCOPES,
  REQUIRED_SCOPES,
  type SlackFeature,
  scopesFor,
} from './required-scopes.js';

function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('required scopes', () => {
  it('maps the features to the scopes the brief and Slack docs name', () => {
    expect(scopesFor(['post'])).toEqual(['chat:write']);
    expect(scopesFor(['create_public_channel'])).toEqual(['channels:manage']);
    expect(scopesFor(['create_private_channel'])).toEqual(['groups:write']);
    expect(scopesFor(['join_public_channel'])).toEqual(['channels:join']);
    expect(scopesFor(['find_public_channel', 'find_private_channel'])).toEqual([
      'channels:read',
      'groups:read',
    ]);
    expect(scopesFor(['post_without_join'])).toEqual(['chat:write.public']);
    expect(scopesFor(['recover_by_history_public', 'recover_by_history_private'])).toEqual([
      'channels:history',
      'groups:history',
    ]);
  });

  it('the manifest asks for every scope any feature needs', () => {
    const all = scopesFor(Object.keys(REQUIRED_SCOPES) as SlackFeature[]);
    expect([...MANIFEST_BOT_SCOPES].sort()).toEqual(all);
  });

  it('featuresFor picks public or private features', () => {
    expect(scopesFor(featuresFor())).toEqual([
      'channels:history',
      'channels:join',
      'channels:manage',
      'channels:read',
      'chat:write',
    ]);
    expect(scopesFor(featuresFor({ isPrivate: true, historyRecovery: false }))).toEqual([
      'chat:write',
      'groups:read',
      'groups:write',
    ]);
    expect(featuresFor({ postWithoutJoin: true })).toContain('post_without_join');
    expect(featuresFor({ postWithoutJoin: true })).not.toContain('join_public_channel');
  });

  it('lists every missing required scope with its feature', () => {
    let caught: unknown;
    try {
      checkScopes(['chat:write'], featuresFor());
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'missing_scopes' });
    const err = caught as { message: string; details: { missing: unknown } };
    expect(err.details.missing).toEqual([
      { scope: 'channels:manage', feature: 'create_public_channel' },
      { scope: 'channels:read', feature: 'find_public_channel' },
      { scope: 'channels:read', feature: 'check_membership_public' },
      { scope: 'channels:join', feature: 'join_public_channel' },
    ]);
    for (const scope of ['channels:manage', 'channels:read', 'channels:join'])
      expect(err.message).toContain(scope);
    expect(err.message).not.toContain('channels:history');
  });

  it('optional scopes only warn and disable their feature', () => {
    const { logger, lines } = recordingLogger();
    const result = checkScopes(
      ['chat:write', 'channels:manage', 'channels:read', 'channels:join'],
      featuresFor(),
      logger,
    );
    expect(result.disabled).toEqual(['recover_by_history_public']);
    expect(result.missingOptional).toEqual([
      { scope: 'channels:history', feature: 'recover_by_history_public' },
    ]);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(lines[0]?.message).toContain('channels:history');
  });

  it('passes quietly with every scope', () => {
    const { logger, lines } = recordingLogger();
    expect(checkScopes(MANIFEST_BOT_SCOPES, featuresFor({ isPrivate: true }), logger)).toEqual({
      disabled: [],
      missingOptional: [],
    });
    expect(lines).toEqual([]);
  });
});
