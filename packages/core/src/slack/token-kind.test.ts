import { describe, expect, it } from 'vitest';
import { isNotifierError, NotifierError } from '../errors.js';
import { assertBotToken, tokenKind } from './token-kind.js';
import { createTokenProvider } from './token-provider.js';

const SECRET = 'CANARY-7f3a9c1e5b';

describe('tokenKind', () => {
  it.each([
    ['xoxb-1-abc', 'bot'],
    ['xoxe.xoxb-1-abc', 'bot'],
    ['xoxp-1-abc', 'user'],
    ['xoxe.xoxp-1-abc', 'user'],
    ['xapp-1-A1-abc', 'app'],
    ['xoxa-2-abc', 'workspace_app'],
    ['xoxe-1-abc', 'refresh'],
    ['xoxr-abc', 'refresh'],
    ['xoxe.other', 'config'],
    ['xoxs-abc', 'session'],
    ['xoxc-abc', 'session'],
    ['xoxd-abc', 'session'],
    ['xoxo-abc', 'legacy'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['xoxb-', 'malformed'],
    ['xoxb-abc def', 'malformed'],
    ['hunter2', 'unknown'],
    ['Bearer xoxb-1', 'malformed'],
  ])('%j is %s', (token, kind) => {
    expect(tokenKind(token).kind).toBe(kind);
  });
});

describe('assertBotToken', () => {
  it('returns a bot token, trimmed (a trailing newline from a secret file is common)', () => {
    expect(assertBotToken(`xoxb-${SECRET}\n`)).toBe(`xoxb-${SECRET}`);
    expect(assertBotToken(`xoxe.xoxb-${SECRET}`)).toBe(`xoxe.xoxb-${SECRET}`);
  });

  it.each([
    [`xoxp-${SECRET}`, 'a user token (xoxp-)'],
    [`xapp-${SECRET}`, 'an app-level token (xapp-)'],
    [`xoxa-${SECRET}`, 'legacy workspace app token (xoxa-)'],
    [`xoxe-${SECRET}`, 'refresh'],
    [`xoxe.xoxp-${SECRET}`, 'xoxe.xoxp-'],
    ['', 'an empty token'],
    [SECRET, 'does not look like a Slack token'],
  ])('refuses %j, says what it got and that xoxb- is needed, never the token', (token, said) => {
    let caught: unknown;
    try {
      assertBotToken(token);
    } catch (err) {
      caught = err;
    }
    expect(isNotifierError(caught, 'invalid_token')).toBe(true);
    const err = caught as NotifierError;
    expect(err.message).toContain(said);
    expect(err.message).toContain('bot token (xoxb-');
    const everything = `${err.message}${err.stack}${JSON.stringify(err.details)}${String(err.cause)}`;
    expect(everything).not.toContain(SECRET);
  });

  it('refuses a non-string', () => {
    expect(() => assertBotToken(undefined)).toThrow(NotifierError);
    expect(() => assertBotToken(42)).toThrow(/must be a string, got number/);
  });
});

describe('createTokenProvider', () => {
  it('caches a provider function until refresh()', async () => {
    let calls = 0;
    const tokens = createTokenProvider(() => `xoxb-${++calls}`);
    expect(await tokens.get()).toBe('xoxb-1');
    expect(await tokens.get()).toBe('xoxb-1');
    tokens.refresh();
    expect(await tokens.get()).toBe('xoxb-2');
    expect(calls).toBe(2);
  });

  it('shares one in-flight provider call between concurrent callers', async () => {
    let calls = 0;
    const tokens = createTokenProvider(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return 'xoxb-async';
    });
    const got = await Promise.all([tokens.get(), tokens.get(), tokens.get()]);
    expect(got).toEqual(['xoxb-async', 'xoxb-async', 'xoxb-async']);
    expect(calls).toBe(1);
  });

  it('does not cache a failure and wraps a throwing provider as auth_failed', async () => {
    let fail = true;
    const tokens = createTokenProvider(() => {
      if (fail) throw new Error('vault down');
      return 'xoxb-ok';
    });
    await expect(tokens.get()).rejects.toMatchObject({ code: 'auth_failed' });
    fail = false;
    expect(await tokens.get()).toBe('xoxb-ok');
  });

  it('checks the kind of what the provider returns', async () => {
    const tokens = createTokenProvider(async () => `xoxp-${SECRET}`);
    const err = await tokens.get().catch((e: unknown) => e);
    expect(isNotifierError(err, 'invalid_token')).toBe(true);
    expect((err as Error).message).not.toContain(SECRET);
  });
});
