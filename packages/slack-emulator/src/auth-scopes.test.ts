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

  it('X-OAuth-Scopes is sent on errors and 429s too (Slack always sends it)', async () => {
    const token = emu.control.createToken({ scopes: ['chat:write'] });
    const missing = await rawCall(emu, 'conversations.list', { token });
    expect(missing.json['error']).toBe('missing_scope');
    expect(missing.headers.get('x-oauth-scopes')).toBe('chat:write');
    expect(missing.headers.get('x-accepted-oauth-scopes')).toBe('channels:read');
    const id = emu.control.addFault({
      method: 'auth.test',
      times: 1,
      action: { type: 'ratelimit', retryAfter: 2 },
    });
    const limited = await rawCall(emu, 'auth.test', { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-oauth-scopes')).toBe('chat:write');
    emu.control.removeFault(id);
  });

  it('user tokens act as their user; app-level tokens get not_allowed_token_type', async () => {
    const user = emu.control.createToken({ kind: 'user', scopes: ['chat:write'] });
    expect(user).toMatch(/^xoxp-/);
    const who = await clientFor(emu, user).auth.test();
    expect(who).toMatchObject({ user_id: 'U0ALICE01', user: 'alice' });
    expect(who.bot_id).toBeUndefined();
    const app = emu.control.createToken({ kind: 'app', scopes: ['connections:write'] });
    expect(app).toMatch(/^xapp-/);
    const err = await rejection(clientFor(emu, app).conversations.list());
    expect((err['data'] as { error: string }).error).toBe('not_allowed_token_type');
  });

  it('the default bot token holds exactly the manifest scopes', async () => {
    const res = await clientFor(emu).auth.test();
    expect(res.response_metadata?.scopes).toEqual([
      'channels:manage',
      'channels:join',
      'channels:read',
      'chat:write',
      'chat:write.public',
      'groups:write',
      'groups:read',
      'channels:history',
      'groups:history',
    ]);
  });

  it('history needs channels:history (missing_scope otherwise)', async () => {
    const token = emu.control.createToken({ scopes: ['chat:write', 'channels:join'] });
    const { id } = emu.control.createChannel({ name: 'scoped-history', botMember: true });
    const err = await rejection(clientFor(emu, token).conversations.history({ channel: id }));
    expect(err['data']).toMatchObject({ error: 'missing_scope', needed: 'channels:history' });
  });

  it.each([
    ['conversations.join', 'channels:join', { channel: 'CX' }],
    ['chat.postMessage', 'chat:write', { channel: 'CX', text: 'x' }],
    ['conversations.info', 'channels:read', { channel: 'CX' }],
    ['conversations.members', 'channels:read', { channel: 'CX' }],
    ['conversations.archive', 'channels:manage', { channel: 'CX' }],
  ])('%s without its scope → missing_scope needed %s', async (method, needed, args) => {
    const token = emu.control.createToken({ scopes: ['users:read'] });
    const { id } = emu.control.createChannel({
      name: `scope-${method.replace('.', '-').toLowerCase()}`,
      botMember: true,
    });
    const err = await rejection(clientFor(emu, token).apiCall(method, { ...args, channel: id }));
    expect(err['data']).toMatchObject({ error: 'missing_scope', needed, provided: 'users:read' });
  });
});
