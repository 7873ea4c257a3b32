import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    'xoxb-123-456-abcDEF',
    'xoxp-1-2',
    'xoxe.xoxb-1-abc',
    'xoxe-1-abc',
    'xapp-1-A0-abc',
    'xoxa-2-abc',
  ])('redacts %s wherever it is', (token) => {
    const out = redactSecrets(`Authorization: Bearer ${token}, again ${token}.`);
    expect(out).not.toContain(token);
    expect(out).toBe(`Authorization: Bearer ${REDACTED}, again ${REDACTED}.`);
  });

  it('leaves prose that only names a prefix alone', () => {
    expect(redactSecrets('needs a bot token (xoxb-…)')).toBe('needs a bot token (xoxb-…)');
  });
});
