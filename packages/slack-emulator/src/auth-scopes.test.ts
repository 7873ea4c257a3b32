import { ErrorCode, WebAPIPlatformError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rawCall, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
});
afterAll(() => emu.close());

describe('auth and scopes', () => {
  it('auth.test answers Slack shape for the bot token', async () => {
    const res = await clientFor(emu).auth.test();
    expect(res).toMatchObject({
      ok: true,
      url: 'https://emulated.slack.com/',
      team: 'Emulated Workspace',
      user: 'notifier',
      team_id: 'T0EMULATOR',
      user_id: 'U0EMULBOT',
      bot_id: 'B0EMULATOR',
    });
    expect(emu.botToken).toMatch(/^xoxb-/);
  });

  it('no token → not_authed', async () => {
    const err = await rejection(clientFor(emu, null).auth.test());
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect(err['code']).toBe(ErrorCode.PlatformError);
    expect((err['data'] as { error: string }).error).toBe('not_authed');
  });

  it('unknown token → invalid_auth', async () => {
    const err = await rejection(clientFor(emu, 'xoxb-nope').auth.test());
    expect((err['data'] as { error: string }).error).toBe('invalid_auth');
  });

  it('revoked, expired, inactive and deleted tokens get their codes', async () => {
    const cases: Array<[(t: string) => void, string]> = [
      [(t) => emu.control.revokeToken(t), 'token_revoked'],
      [(t) => emu.control.expireToken(t), 'token_expired'],
      [(t) => emu.control.setTokenInactive(t), 'account_inactive'],
      [(t) => emu.control.deleteToken(t), 'invalid_auth'],
    ];
    for (const [act, code] of cases) {
      const token = emu.control.createToken({ scopes: ['chat:write'] });
      await expect(clientFor(emu, token).auth.test()).resolves.toMatchObject({ ok: true });
      act(token);
      const err = await rejection(clientFor(emu, token).auth.test());
      expect((err['data'] as { error: string }).error).toBe(code);
    }
  });

  it('missing_scope carries needed and provided', async () => {
    const token = emu.control.createToken({ scopes: ['chat:write', 'channels:join'] });
    const err = await rejection(clientFor(emu, token).conversations.create({ name: 'needs-manage' }));
    expect(err['data']).toMatchObject({
      ok: false,
      error: 'missing_scope',
      needed: 'channels:manage',
      provided: 'chat:write,channels:join',
    });
  });

  it('exposes X-OAuth-Scopes and X-Accepted-OAuth-Scopes as response_metadata', async () => {
    const token = emu.control.createToken({ scopes: ['chat:write', 'channels:read'] });
    const res = await clientFor(emu, token).conversations.list();
    expect(res.response_metadata?.scopes).toEqual(['chat:write', 'channels:read']);
    expect(res.response_metadata?.acceptedScopes).toEqual(['channels:read']);
  });

  it('accepts the token as a form field instead of the header', async () => {
    const res = await rawCall(emu, 'auth.test', {
      contentType: 'application/x-www-form-urlencoded',
      body: `token=${encodeURIComponent(emu.botToken)}`,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, user_id: 'U0EMULBOT' });
    expect(res.headers.get('x-oauth-scopes')).toContain('chat:write');
  });

  it('unknown_method names the method', async () => {
    const err = await rejection(clientFor(emu).apiCall('auth.findUser'));
    expect(err['data']).toMatchObject({ ok: false, error: 'unknown_method', req_method: 'auth.findUser' });
  });
});
