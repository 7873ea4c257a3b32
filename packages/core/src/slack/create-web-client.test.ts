import { describe, expect, it } from 'vitest';
import { createWebClient } from './create-web-client.js';

describe('createWebClient', () => {
  it('refuses a missing or infinite timeout: a hung request must end', () => {
    for (const timeoutMs of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => createWebClient({ timeoutMs })).toThrow(
        expect.objectContaining({ code: 'invalid_options' }),
      );
    }
  });

  it('holds no token and uses the given API URL (trailing slash added)', () => {
    const client = createWebClient({ slackApiUrl: 'http://127.0.0.1:9/api' });
    expect(client.token).toBeUndefined();
    expect(client.slackApiUrl).toBe('http://127.0.0.1:9/api/');
  });
});
