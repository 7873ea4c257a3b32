import { MANIFEST_BOT_SCOPES } from '@backend-notifier/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildManifest, checkDisplayName, checkManifestOptions } from './build-manifest.js';

describe('buildManifest', () => {
  it('is YAML that parses back to the manifest fields and scopes', () => {
    const doc = parse(buildManifest({ name: 'Ops Alerts: "prod" #1', botName: 'ops-bot' }));
    expect(doc.display_information.name).toBe('Ops Alerts: "prod" #1');
    expect(doc.features.bot_user.display_name).toBe('ops-bot');
    expect(doc.oauth_config.scopes.bot).toEqual([
      'chat:write',
      'channels:manage',
      'channels:read',
      'channels:join',
      'channels:history',
    ]);
  });

  it('lists every scope with all', () => {
    const doc = parse(buildManifest({ all: true }));
    expect(doc.oauth_config.scopes.bot).toEqual([...MANIFEST_BOT_SCOPES]);
  });
});

describe('checkDisplayName', () => {
  it('rejects & < > with a suggestion and shows how Slack would mangle it', () => {
    const problem = checkDisplayName('app name', 'Ops & Alerts', 35);
    expect(problem?.problem).toContain('Ops &amp; Alerts');
    expect(problem?.suggestion).toBe('Ops and Alerts');
    expect(checkDisplayName('app name', '<Alerts>', 35)?.suggestion).toBe('Alerts');
  });

  it('rejects empty, too long and control characters; accepts a plain name', () => {
    expect(checkDisplayName('app name', '  ', 35)?.problem).toBe('it is empty');
    const long = checkDisplayName('app name', 'x'.repeat(36), 35);
    expect(long?.problem).toContain('36 characters');
    expect(long?.suggestion).toHaveLength(35);
    expect(checkDisplayName('app name', 'a\nb', 35)?.problem).toContain('control characters');
    expect(checkDisplayName('app name', 'x'.repeat(35), 35)).toBeUndefined();
  });

  it('checks the bot name (defaulting to the app name) and the description', () => {
    expect(checkManifestOptions({ name: 'A & B' }).map((p) => p.field)).toEqual(['app name']);
    expect(checkManifestOptions({ name: 'A', botName: 'B <b>' }).map((p) => p.field)).toEqual(['bot name']);
    expect(checkManifestOptions({ name: 'Fine', botName: 'x'.repeat(81) }).map((p) => p.field)).toEqual([
      'bot name',
    ]);
    expect(checkManifestOptions({ description: 'd'.repeat(141) }).map((p) => p.field)).toEqual([
      'description',
    ]);
  });
});
