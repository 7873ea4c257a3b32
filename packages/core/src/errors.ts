/** Every code a `NotifierError` can carry. Callers branch on `code`, never on the message. */
export type NotifierErrorCode =
  /** The token is empty, of the wrong kind (user/app instead of bot) or malformed. */
  | 'invalid_token'
  /** Slack refused the token (`invalid_auth`, `token_revoked`, `account_inactive`, `token_expired`). */
  | 'auth_failed'
  /** The token lacks scopes the features in use need. */
  | 'missing_scopes'
  /** The channel could not be created, found or joined. */
  | 'channel_setup_failed'
  /** Options are inconsistent or out of range. */
  | 'invalid_options'
  /** A notification that can never be sent (bad shape, unknown route). */
  | 'invalid_notification'
  /** Slack could not be reached at start. */
  | 'unreachable'
  /** The notifier was used after `close()`. */
  | 'closed';

/**
 * The one error class of the project. Thrown only for programmer and configuration errors (at start or
 * on bad input); delivery problems become outcomes, never exceptions. Messages never contain the token.
 */
export class NotifierError extends Error {
  override readonly name = 'NotifierError';
  readonly code: NotifierErrorCode;
  /** Extra structured detail (missing scopes, the Slack error code…), safe to log. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: NotifierErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }
}

/** True when `value` is a `NotifierError`, optionally with the given code. */
export function isNotifierError(value: unknown, code?: NotifierErrorCode): value is NotifierError {
  return value instanceof NotifierError && (code === undefined || value.code === code);
}
