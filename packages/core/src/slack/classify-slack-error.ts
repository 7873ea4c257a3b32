import { ErrorCode } from '@slack/web-api';
import type { SlackFailure } from './gateway-types.js';
import { redactSecrets } from './redact-secrets.js';

/**
 * Wait used when Slack asks us to slow down without a usable `Retry-After` (a 429 without the header, or the
 * `ok:false` `rate_limited` answer of `chat.postMessage`).
 */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

// Slack's own "try again later" answers (200 + ok:false). `fatal_error` is not here: Slack documents that
// part of the operation may have succeeded, so it is ambiguous (see below).
const TRANSIENT_CODES = new Set([
  'internal_error',
  'service_unavailable',
  'request_timeout',
  'fetch_members_failed',
  'team_added_to_org',
  'update_failed',
]);
const AMBIGUOUS_CODES = new Set(['fatal_error']);
const RATE_LIMIT_CODES = new Set(['ratelimited', 'rate_limited']);
const NOT_IN_CHANNEL_CODES = new Set(['not_in_channel']);
const CHANNEL_GONE_CODES = new Set(['channel_not_found', 'is_archived', 'is_inactive']);
// `missing_scope` is here: no message can be posted until a human reinstalls the app, so messages are kept
// behind an open circuit rather than dead-lettered one by one.
const AUTH_CODES = new Set([
  'not_authed',
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'missing_scope',
  'no_permission',
  'not_allowed_token_type',
  'org_login_required',
  'ekm_access_denied',
  'two_factor_setup_required',
  'access_denied',
  'team_access_not_granted',
  'invalid_token',
]);
const TOKEN_EXPIRED_CODES = new Set(['token_expired']);
// The payload itself is what Slack refused: worth one plain-text retry.
const REJECTED_CODES = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'invalid_attachments',
  'too_many_attachments',
  'attachment_payload_limit_exceeded',
  'no_text',
  'markdown_text_conflict',
  'block_mismatch',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'too_many_contact_cards',
]);

// Slack error codes are snake_case words; anything else in `data.error` is a non-JSON body (a proxy page).
const SLACK_CODE = /^[a-z][a-z0-9_.]*$/;

/** Classifies a Slack `ok:false` error code (from `data.error`) into the pipeline's reaction. */
export function classifyPlatformCode(code: string): SlackFailure {
  if (!SLACK_CODE.test(code))
    return {
      kind: 'transient',
      code: 'invalid_response',
      detail: 'Slack answered with a body that is not JSON',
    };
  if (RATE_LIMIT_CODES.has(code))
    return { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: DEFAULT_RETRY_AFTER_MS };
  if (TRANSIENT_CODES.has(code)) return { kind: 'transient', code };
  if (AMBIGUOUS_CODES.has(code)) return { kind: 'ambiguous', code: 'fatal_error' };
  if (NOT_IN_CHANNEL_CODES.has(code)) return { kind: 'not_in_channel', code };
  if (CHANNEL_GONE_CODES.has(code)) return { kind: 'channel_gone', code };
  if (TOKEN_EXPIRED_CODES.has(code)) return { kind: 'token_expired', code };
  if (AUTH_CODES.has(code)) return { kind: 'auth', code };
  if (REJECTED_CODES.has(code)) return { kind: 'rejected', code };
  return { kind: 'permanent', code };
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

/** True when `err` (or something in its cause chain) is the client's `AbortSignal.timeout`. */
function isTimeout(err: unknown): boolean {
  for (let e = asErrorLike(err), depth = 0; e && depth < 5; e = asErrorLike(e.cause), depth++) {
    if (e.name === 'TimeoutError') return true;
    if (typeof e.message === 'string' && e.message.includes('aborted due to timeout')) return true;
    if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return true;
  }
  return false;
}

/** The first errno-like code (`ECONNREFUSED`, `UND_ERR_SOCKET`…) in the cause chain, for the detail text. */
function networkCode(err: unknown): string | undefined {
  for (let e = asErrorLike(err), depth = 0; e && depth < 5; e = asErrorLike(e.cause), depth++) {
    if (typeof e.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * Turns whatever a `WebClient` call threw into the pipeline's {@link SlackFailure}. Relies on the error
 * classes of `@slack/web-api` 8.x (matched by `error.code`, which 7.x used too):
 *
 * - `slack_webapi_rate_limited_error` (HTTP 429, `rejectRateLimitedCalls`) → `rate_limited`, `retryAfter` s → ms.
 * - `slack_webapi_platform_error` (200 `ok:false`) → by `data.error`, see the code tables above.
 * - `slack_webapi_http_error` → 5xx and 408 are `transient`, 429 `rate_limited`, any other status `permanent`.
 * - `slack_webapi_request_error` → the client's own timeout is `ambiguous` (Slack may have acted on the
 *   request); refused, reset, DNS and other socket errors are `transient`.
 * - the SDK's plain "Retry header did not contain a valid timeout" error (429 without `Retry-After`) →
 *   `rate_limited` with {@link DEFAULT_RETRY_AFTER_MS}.
 * - anything else → `transient` (`unexpected_error`), so a surprise never loses a message.
 *
 * `detail` is a short, token-free explanation for logs and health.
 */
export function classifySlackError(err: unknown): SlackFailure {
  const e = asErrorLike(err);
  switch (e?.code) {
    case ErrorCode.RateLimitedError: {
      const retryAfter = (err as { retryAfter?: unknown }).retryAfter;
      const seconds =
        typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0
          ? retryAfter
          : undefined;
      return {
        kind: 'rate_limited',
        code: 'ratelimited',
        retryAfterMs: seconds === undefined ? DEFAULT_RETRY_AFTER_MS : seconds * 1000,
      };
    }
    case ErrorCode.PlatformError: {
      const data = (err as { data?: { error?: unknown } }).data;
      const code = typeof data?.error === 'string' ? data.error : 'unknown_error';
      return classifyPlatformCode(code);
    }
    case ErrorCode.HTTPError: {
      const status = (err as { statusCode?: unknown }).statusCode;
      const n = typeof status === 'number' ? status : 0;
      if (n === 429)
        return { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: DEFAULT_RETRY_AFTER_MS };
      if (n >= 500 || n === 408) return { kind: 'transient', code: `http_${n}` };
      return { kind: 'permanent', code: `http_${n}` };
    }
    case ErrorCode.RequestError: {
      const original = (err as { original?: unknown }).original;
      if (isTimeout(original))
        return { kind: 'ambiguous', code: 'timeout', detail: 'no answer from Slack before the timeout' };
      const net = networkCode(original);
      return {
        kind: 'transient',
        code: 'request_error',
        detail: net ? `network error ${net}` : 'network error',
      };
    }
    default:
      break;
  }
  if (
    typeof e?.message === 'string' &&
    e.message.startsWith('Retry header did not contain a valid timeout')
  ) {
    return { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: DEFAULT_RETRY_AFTER_MS };
  }
  if (isTimeout(err))
    return { kind: 'ambiguous', code: 'timeout', detail: 'no answer from Slack before the timeout' };
  const name = typeof e?.name === 'string' ? e.name : typeof err;
  return { kind: 'transient', code: 'unexpected_error', detail: redactSecrets(`unexpected ${name}`) };
}
