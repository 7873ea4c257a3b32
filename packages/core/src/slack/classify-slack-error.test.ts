import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classifySlackError, DEFAULT_RETRY_AFTER_MS } from './classify-slack-error.js';

const platform = (error: string) => new WebAPIPlatformError({ ok: false, error, response_metadata: {} });

function timeoutError(): Error {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}
function socketError(code: string, message: string): Error {
  const cause = Object.assign(new Error(message), { code });
  return new TypeError('fetch failed', { cause });
}

describe('classifySlackError', () => {
  const cases: Array<[string, unknown, Record<string, unknown>]> = [
    [
      '429 with Retry-After',
      new WebAPIRateLimitedError(7),
      { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 7000 },
    ],
    ['429 Retry-After 0', new WebAPIRateLimitedError(0), { kind: 'rate_limited', retryAfterMs: 0 }],
    [
      '429 without Retry-After (SDK plain Error)',
      new Error('Retry header did not contain a valid timeout (url: x, retry-after header: null)'),
      { kind: 'rate_limited', retryAfterMs: DEFAULT_RETRY_AFTER_MS },
    ],
    ['ok:false ratelimited', platform('ratelimited'), { kind: 'rate_limited', code: 'ratelimited' }],
    [
      'ok:false rate_limited (postMessage)',
      platform('rate_limited'),
      { kind: 'rate_limited', code: 'ratelimited' },
    ],
    ['internal_error', platform('internal_error'), { kind: 'transient', code: 'internal_error' }],
    [
      'service_unavailable',
      platform('service_unavailable'),
      { kind: 'transient', code: 'service_unavailable' },
    ],
    ['request_timeout', platform('request_timeout'), { kind: 'transient', code: 'request_timeout' }],
    ['fatal_error is ambiguous', platform('fatal_error'), { kind: 'ambiguous', code: 'fatal_error' }],
    ['not_in_channel', platform('not_in_channel'), { kind: 'not_in_channel', code: 'not_in_channel' }],
    ['channel_not_found', platform('channel_not_found'), { kind: 'channel_gone', code: 'channel_not_found' }],
    ['is_archived', platform('is_archived'), { kind: 'channel_gone', code: 'is_archived' }],
    ['is_inactive', platform('is_inactive'), { kind: 'channel_gone', code: 'is_inactive' }],
    ['invalid_auth', platform('invalid_auth'), { kind: 'auth', code: 'invalid_auth' }],
    ['not_authed', platform('not_authed'), { kind: 'auth', code: 'not_authed' }],
    ['token_revoked', platform('token_revoked'), { kind: 'auth', code: 'token_revoked' }],
    ['account_inactive', platform('account_inactive'), { kind: 'auth', code: 'account_inactive' }],
    ['missing_scope', platform('missing_scope'), { kind: 'auth', code: 'missing_scope' }],
    ['token_expired', platform('token_expired'), { kind: 'token_expired', code: 'token_expired' }],
    ['invalid_blocks', platform('invalid_blocks'), { kind: 'rejected', code: 'invalid_blocks' }],
    ['invalid_blocks_format', platform('invalid_blocks_format'), { kind: 'rejected' }],
    ['msg_too_long', platform('msg_too_long'), { kind: 'rejected', code: 'msg_too_long' }],
    ['msg_blocks_too_long', platform('msg_blocks_too_long'), { kind: 'rejected' }],
    ['invalid_attachments', platform('invalid_attachments'), { kind: 'rejected' }],
    ['too_many_attachments', platform('too_many_attachments'), { kind: 'rejected' }],
    ['no_text', platform('no_text'), { kind: 'rejected' }],
    ['metadata_too_large', platform('metadata_too_large'), { kind: 'rejected' }],
    ['name_taken', platform('name_taken'), { kind: 'permanent', code: 'name_taken' }],
    ['unknown ok:false code', platform('some_new_error'), { kind: 'permanent', code: 'some_new_error' }],
    [
      'non-JSON 200 body',
      platform('<html><body>Bad gateway</body></html>'),
      { kind: 'transient', code: 'invalid_response' },
    ],
    [
      'HTTP 500',
      new WebAPIHTTPError(500, 'Internal Server Error', {}, '<html/>'),
      { kind: 'transient', code: 'http_500' },
    ],
    ['HTTP 502', new WebAPIHTTPError(502, 'Bad Gateway', {}, ''), { kind: 'transient', code: 'http_502' }],
    [
      'HTTP 503',
      new WebAPIHTTPError(503, 'Service Unavailable', {}, ''),
      { kind: 'transient', code: 'http_503' },
    ],
    [
      'HTTP 408',
      new WebAPIHTTPError(408, 'Request Timeout', {}, ''),
      { kind: 'transient', code: 'http_408' },
    ],
    ['HTTP 404', new WebAPIHTTPError(404, 'Not Found', {}, ''), { kind: 'permanent', code: 'http_404' }],
    ['HTTP 400', new WebAPIHTTPError(400, 'Bad Request', {}, ''), { kind: 'permanent', code: 'http_400' }],
    ['client timeout', new WebAPIRequestError(timeoutError()), { kind: 'ambiguous', code: 'timeout' }],
    [
      'timeout by message only',
      new WebAPIRequestError(new Error('The operation was aborted due to timeout')),
      { kind: 'ambiguous', code: 'timeout' },
    ],
    [
      'connection refused',
      new WebAPIRequestError(socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')),
      { kind: 'transient', code: 'request_error', detail: 'network error ECONNREFUSED' },
    ],
    [
      'connection reset',
      new WebAPIRequestError(socketError('UND_ERR_SOCKET', 'other side closed')),
      { kind: 'transient', code: 'request_error', detail: 'network error UND_ERR_SOCKET' },
    ],
    [
      'redirect',
      new WebAPIRequestError(new TypeError('fetch failed', { cause: new Error('unexpected redirect') })),
      { kind: 'transient' },
    ],
    ['a bare TimeoutError', timeoutError(), { kind: 'ambiguous', code: 'timeout' }],
    [
      'an unexpected TypeError',
      new TypeError('x is not a function'),
      { kind: 'transient', code: 'unexpected_error' },
    ],
    ['a thrown string', 'boom', { kind: 'transient', code: 'unexpected_error' }],
    ['undefined', undefined, { kind: 'transient', code: 'unexpected_error' }],
  ];

  it.each(cases)('%s', (_label, err, expected) => {
    expect(classifySlackError(err)).toMatchObject(expected);
  });

  it('never echoes a token-like string from an unexpected error', () => {
    const err = new Error('failed with xoxb-CANARY-123-abc');
    const failure = classifySlackError(err);
    expect(JSON.stringify(failure)).not.toContain('xoxb-CANARY');
  });
});
