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

describe('interactivity in the manifest', () => {
  it('Socket Mode: interactivity on, socket_mode_enabled, no request URL', () => {
    const doc = parse(buildManifest({ interactivity: 'socket' }));
    expect(doc.settings.interactivity).toEqual({ is_enabled: true });
    expect(doc.settings.socket_mode_enabled).toBe(true);
  });

  it('HTTP: the request URL, Socket Mode off; user groups add usergroups:read', () => {
    const doc = parse(
      buildManifest({
        interactivity: 'http',
        requestUrl: 'https://api.example.com/slack/interactions',
        userGroups: true,
      }),
    );
    expect(doc.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://api.example.com/slack/interactions',
    });
    expect(doc.settings.socket_mode_enabled).toBe(false);
    expect(doc.oauth_config.scopes.bot).toContain('usergroups:read');
  });

  it('no buttons: no interactivity block, as before', () => {
    const doc = parse(buildManifest({}));
    expect(doc.settings.interactivity).toBeUndefined();
    expect(doc.settings.socket_mode_enabled).toBe(false);
    expect(doc.oauth_config.scopes.bot).not.toContain('usergroups:read');
  });

  it('refuses HTTP without a usable URL, and a URL without HTTP', () => {
    expect(checkManifestOptions({ interactivity: 'http' }).map((p) => p.field)).toEqual(['request URL']);
    expect(
      checkManifestOptions({ interactivity: 'http', requestUrl: 'ftp://x' }).map((p) => p.field),
    ).toEqual(['request URL']);
    expect(checkManifestOptions({ requestUrl: 'https://x.example/slack' }).map((p) => p.field)).toEqual([
      'request URL',
    ]);
    expect(checkManifestOptions({ interactivity: 'http', requestUrl: 'https://x.example/s' })).toEqual([]);
  });
});
