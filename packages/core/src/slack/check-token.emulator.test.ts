import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isNotifierError, type NotifierError } from '../errors.js';
import { checkToken } from './check-token.js';
import { createSlackGateway } from './create-slack-gateway.js';
import { featuresFor, MANIFEST_BOT_SCOPES } from './required-scopes.js';
import { closedPort, recordingLogger } from './test-support/recording-logger.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'check-token', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.control.clearRequestLog();
  emu.control.clearFaults();
});

const gatewayFor = (token: string | (() => string | Promise<string>), slackApiUrl = emu.apiUrl) =>
  createSlackGateway({ token, slackApiUrl, timeoutMs: 2_000 });

async function startError(promise: Promise<unknown>): Promise<NotifierError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a NotifierError').toBeDefined();
  return err as NotifierError;
}

describe('checkToken against the emulator', () => {
  it('reads user_id, bot_id, team_id and the granted scopes of a bot token', async () => {
    const { auth, disabled } = await checkToken(gatewayFor(emu.botToken), { features: featuresFor() });
    const info = emu.control.info();
    expect(auth.userId).toBe(info.bot.userId);
    expect(auth.botId).toBe(info.bot.botId);
    expect(auth.teamId).toBe(info.teamId);
    expect(auth.userId).not.toBe(auth.botId);
    expect([...auth.scopes].sort()).toEqual([...MANIFEST_BOT_SCOPES].sort());
    expect(auth.scopesKnown).toBe(true);
    expect(disabled).toEqual([]);
  });

  it.each([
    ['user', 'a user token (xoxp-)'],
    ['app', 'an app-level token (xapp-)'],
  ] as const)('refuses a real %s token of the workspace before calling Slack', async (kind, said) => {
    const token = emu.control.createToken({ scopes: ['chat:write'], kind });
    const err = await startError(checkToken(gatewayFor(token)));
    expect(isNotifierError(err, 'invalid_token')).toBe(true);
    expect(err.message).toContain(said);
    expect(err.message).toContain('xoxb-');
    expect(err.message).not.toContain(token);
    expect(err.message).not.toContain(token.slice(5));
    expect(emu.control.requestLog()).toEqual([]);
  });

  it('refuses an empty token and an empty provider result', async () => {
    expect((await startError(checkToken(gatewayFor('')))).message).toContain('an empty token');
    expect((await startError(checkToken(gatewayFor(async () => '  ')))).code).toBe('invalid_token');
    expect(emu.control.requestLog()).toEqual([]);
  });

  it('lists every missing scope with the feature that needs it', async () => {
    const token = emu.control.createToken({ scopes: ['chat:write', 'channels:history'], kind: 'bot' });
    const err = await startError(checkToken(gatewayFor(token), { features: featuresFor() }));
    expect(err.code).toBe('missing_scopes');
    expect(err.details.missing).toEqual([
      { scope: 'channels:manage', feature: 'create_public_channel' },
      { scope: 'channels:read', feature: 'find_public_channel' },
      { scope: 'channels:read', feature: 'check_membership_public' },
      { scope: 'channels:join', feature: 'join_public_channel' },
    ]);
    expect(err.message).toMatch(/channels:manage.*channels:read.*channels:join/);
  });

  it('private channel features need the groups scopes', async () => {
    const token = emu.control.createToken({
      scopes: ['chat:write', 'channels:manage', 'channels:read', 'channels:join'],
      kind: 'bot',
    });
    const err = await startError(
      checkToken(gatewayFor(token), { features: featuresFor({ isPrivate: true, historyRecovery: false }) }),
    );
    expect((err.details.missing as Array<{ scope: string }>).map((m) => m.scope)).toEqual([
      'groups:write',
      'groups:read',
      'groups:read',
    ]);
  });

  it('a token without the history scope starts with a warning and history recovery off', async () => {
    const token = emu.control.createToken({
      scopes: ['chat:write', 'channels:manage', 'channels:read', 'channels:join'],
      kind: 'bot',
    });
    const { logger, lines } = recordingLogger();
    const { disabled } = await checkToken(gatewayFor(token), { features: featuresFor(), logger });
    expect(disabled).toEqual(['recover_by_history_public']);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringContaining('channels:history'),
    ]);
  });

  it.each([
    ['revoked', (t: string) => emu.control.revokeToken(t), 'token_revoked'],
    ['deleted', (t: string) => emu.control.deleteToken(t), 'invalid_auth'],
    ['inactive', (t: string) => emu.control.setTokenInactive(t), 'account_inactive'],
    ['expired', (t: string) => emu.control.expireToken(t), 'token_expired'],
  ])('a %s token fails start with auth_failed (%s)', async (_label, spoil, code) => {
    const token = emu.control.createToken({ scopes: [...MANIFEST_BOT_SCOPES], kind: 'bot' });
    spoil(token);
    const err = await startError(checkToken(gatewayFor(token)));
    expect(err.code).toBe('auth_failed');
    expect(err.details).toMatchObject({ code });
    expect(err.message).not.toContain(token);
  });

  it('token_expired → refreshToken() asks the provider again (rotation)', async () => {
    const old = emu.control.createToken({ scopes: [...MANIFEST_BOT_SCOPES], kind: 'bot' });
    const fresh = emu.control.createToken({ scopes: [...MANIFEST_BOT_SCOPES], kind: 'bot' });
    emu.control.expireToken(old);
    let current = old;
    let asked = 0;
    const gateway = gatewayFor(() => {
      asked++;
      return current;
    });
    const first = await gateway.authTest();
    expect(first).toMatchObject({ ok: false, failure: { kind: 'token_expired', code: 'token_expired' } });
    current = fresh;
    expect((await gateway.authTest()).ok).toBe(false);
    expect(asked).toBe(1);
    gateway.refreshToken();
    expect((await gateway.authTest()).ok).toBe(true);
    expect(asked).toBe(2);
  });

  it('Slack unreachable at start → unreachable', async () => {
    const port = await closedPort();
    const err = await startError(checkToken(gatewayFor(emu.botToken, `http://127.0.0.1:${port}/api/`)));
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('network error');
  });

  it('a 5xx at start → unreachable, not an auth problem', async () => {
    emu.control.addFault({ method: 'auth.test', times: 1, action: { type: 'http', status: 503 } });
    const err = await startError(checkToken(gatewayFor(emu.botToken)));
    expect(err.code).toBe('unreachable');
    expect(err.details).toMatchObject({ code: 'http_503', kind: 'transient' });
  });
});
