import { describe, expect, it } from 'vitest';
import { isSensitiveKey, REDACTED, redact } from './redact.js';

describe('redact', () => {
  it('replaces values under secret-like keys at any depth', () => {
    const out = redact({
      user: 'ada',
      password: 'hunter2',
      nested: { apiKey: 'k-1', 'x-auth-token': 't-1', list: [{ sessionId: 's-1', ok: 1 }] },
    });
    expect(out).toEqual({
      user: 'ada',
      password: REDACTED,
      nested: { apiKey: REDACTED, 'x-auth-token': REDACTED, list: [{ sessionId: REDACTED, ok: 1 }] },
    });
  });

  it('knows credential headers and extra keys', () => {
    expect(isSensitiveKey('Authorization')).toBe(true);
    expect(isSensitiveKey('proxy-authorization')).toBe(true);
    expect(isSensitiveKey('set-cookie')).toBe(true);
    expect(isSensitiveKey('x-api-key')).toBe(true);
    expect(isSensitiveKey('user-agent')).toBe(false);
    expect(isSensitiveKey('ssn', ['ssn'])).toBe(true);
    expect(isSensitiveKey('cardNumber', [/card/i])).toBe(true);
  });

  it('bounds cycles, depth and width, and never throws on a hostile getter', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { deep };
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));

    expect(redact(cyclic)).toEqual({ a: 1, self: '[Circular]' });
    expect(redact(hostile)).toEqual({ boom: '[Unreadable]' });
    expect(JSON.stringify(redact(deep))).toContain('[Object]');
    expect(Object.keys(redact(wide) as object)).toHaveLength(51);
    expect(redact(Array.from({ length: 60 }, (_, i) => i))).toHaveLength(51);
  });

  it('leaves the input untouched', () => {
    const input = { token: 'xoxb-CANARY', keep: 'me' };
    redact(input);
    expect(input.token).toBe('xoxb-CANARY');
  });
});
