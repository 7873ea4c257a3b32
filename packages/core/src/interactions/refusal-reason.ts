/**
 * Why an inbound Slack request was refused. Every refusal is counted under its reason and logged with it,
 * never with the request's signature, body or the signing secret.
 */
export type RefusalReason =
  /** The body is over `maxBodyBytes`. HTTP 413. */
  | 'too_large'
  /** `X-Slack-Signature` or `X-Slack-Request-Timestamp` is absent. HTTP 401. */
  | 'missing_header'
  /** One of those headers is given more than once (in any casing). HTTP 401. */
  | 'duplicate_header'
  /** A header is not `v0=<64 hex>` / integer seconds. HTTP 401. */
  | 'malformed_header'
  /** The timestamp is more than the window away from now, in the past or in the future. HTTP 401. */
  | 'stale'
  /** The HMAC does not match the body. HTTP 401. */
  | 'bad_signature'
  /** The same signed request was seen before, within the window. HTTP 401. */
  | 'replayed'
  /** The raw body is not available (a body parser consumed it without keeping the bytes). HTTP 500. */
  | 'body_unavailable'
  /** Signed, but not a payload this endpoint can read (bad form, bad JSON, bad shape). HTTP 400. */
  | 'malformed'
  /** A payload type other than `block_actions` (modals, shortcuts…). HTTP 400. */
  | 'unsupported_type'
  /** `team.id` is not the configured workspace. HTTP 401. */
  | 'wrong_team'
  /** `api_app_id` is not the configured app. HTTP 401. */
  | 'wrong_app'
  /** An `action_id` this library did not put on a message, or no conversation key in `value`. HTTP 400. */
  | 'unknown_action'
  /** The user may not act (not a channel member nor in the allowed users or groups): acked, told so. */
  | 'not_allowed'
  /** Too many accepted actions still being carried out. HTTP 503. */
  | 'busy'
  /** The receiver was closed. HTTP 503. */
  | 'closed';

/** HTTP status answered for each refusal (`not_allowed` is decided after the ack, so it answered 200). */
export const REFUSAL_STATUS: Readonly<Record<RefusalReason, number>> = Object.freeze({
  too_large: 413,
  missing_header: 401,
  duplicate_header: 401,
  malformed_header: 401,
  stale: 401,
  bad_signature: 401,
  replayed: 401,
  body_unavailable: 500,
  malformed: 400,
  unsupported_type: 400,
  wrong_team: 401,
  wrong_app: 401,
  unknown_action: 400,
  not_allowed: 200,
  busy: 503,
  closed: 503,
});
