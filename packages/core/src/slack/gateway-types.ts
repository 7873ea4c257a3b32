/**
 * Internal contract between the delivery pipeline (queue, dispatcher, health) and the Slack layer
 * (WebClient, error classification, token checks, channel setup). Not exported from the package.
 */
import type { KnownBlock, MessageAttachment } from '@slack/web-api';
import type { BudgetPriority, SlackBudget } from '../budget/budget-types.js';

/** A payload ready for `chat.postMessage` / `chat.update`: already escaped and within Slack's limits. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
  attachments?: MessageAttachment[];
}

/**
 * How the pipeline must react to a failed Slack call. Every variant may carry `detail`: a short human
 * explanation (never the token) for logs, dead letters and health.
 */
export type SlackFailure =
  /** HTTP 429: pause this channel for `retryAfterMs`; does not use an attempt. */
  (
    | { kind: 'rate_limited'; code: 'ratelimited'; retryAfterMs: number }
    /** 5xx, network error, `internal_error`, `service_unavailable`…: back off with jitter and retry. */
    | { kind: 'transient'; code: string }
    /**
     * Slack may or may not have acted: the client timed out (`timeout`), or Slack said `fatal_error` ("some
     * aspect of the operation may have succeeded"). Look the message up by id before re-posting.
     */
    | { kind: 'ambiguous'; code: 'timeout' | 'fatal_error' }
    /** `not_in_channel`: join, then retry. */
    | { kind: 'not_in_channel'; code: string }
    /** `channel_not_found`, `is_archived`, `is_inactive`: run channel setup again, then retry. */
    | { kind: 'channel_gone'; code: string }
    /**
     * `invalid_auth`, `token_revoked`, `account_inactive`, `not_authed`, `missing_scope`, a malformed token
     * (`invalid_token`): open the circuit.
     */
    | { kind: 'auth'; code: string }
    /** `token_expired`: ask the token provider again, then retry. */
    | { kind: 'token_expired'; code: string }
    /** `invalid_blocks`, `msg_too_long`, `invalid_attachments`…: fall back to plain text once, then dead letter. */
    | { kind: 'rejected'; code: string }
    /** Any other `ok:false` (or a setup problem only a human can fix): dead letter at once. */
    | { kind: 'permanent'; code: string }
  ) & {
    /** Why, in words (never the token). */
    detail?: string;
  };

export type SlackResult<T> = { ok: true; value: T } | { ok: false; failure: SlackFailure };

/** What `auth.test` and its headers told us; cached. */
export interface AuthInfo {
  teamId: string;
  /** The bot's user id (`U…`/`W…`): the one that appears in channel member lists. */
  userId: string;
  botId?: string;
  /** Scopes granted to the token, from `X-OAuth-Scopes`. */
  scopes: string[];
  /** False when the answer carried no `X-OAuth-Scopes` header, so `scopes` says nothing. @default true */
  scopesKnown?: boolean;
}

export interface ChannelInfo {
  id: string;
  name: string;
  isPrivate: boolean;
}

/** The only place that talks to Slack. Never throws for delivery problems: results carry the failure. */
export interface SlackGateway {
  /**
   * The budget every call waits on (Slack's rates, per channel and per method): `waitMs` tells how long a
   * new call would wait, `states()` feeds stats and metrics. Absent on test doubles.
   */
  readonly budget?: SlackBudget;
  /** `auth.test` with the current token; scopes from the response headers. */
  authTest(): Promise<SlackResult<AuthInfo>>;
  /**
   * Create the channel, or find it when the name is taken (paginated, private included), then join. The
   * result is cached per name; `refresh: true` runs the whole setup again (the `channel_gone` path). A
   * `channel_gone` answer to any call also drops the cached entry for that channel id. Throws
   * `NotifierError('invalid_options')` for a name Slack would refuse, before any call.
   */
  ensureChannel(
    name: string,
    options?: { isPrivate?: boolean; refresh?: boolean },
  ): Promise<SlackResult<ChannelInfo>>;
  join(channelId: string): Promise<SlackResult<void>>;
  /** `chat.postMessage` with `metadata: { event_type: 'backend_notifier', event_payload: { id } }`. */
  postMessage(
    channelId: string,
    message: SlackMessage,
    meta: { id: string; threadTs?: string; priority?: BudgetPriority },
  ): Promise<SlackResult<{ ts: string }>>;
  /** `chat.update`; `priority` orders it among the calls waiting for Tier 3. @default priority 'normal' */
  update(
    channelId: string,
    ts: string,
    message: SlackMessage,
    priority?: BudgetPriority,
  ): Promise<SlackResult<void>>;
  permalink(channelId: string, ts: string): Promise<SlackResult<string>>;
  /**
   * Look in recent history for a message carrying this id in its metadata; its `ts` if found. Pass the
   * `threadTs` the message was posted with: replies live in their thread, not in the channel history. A
   * failure means "unknown" (e.g. `missing_scope` with `kind: 'permanent'` when the token lacks the history
   * scope).
   */
  findPosted(
    channelId: string,
    id: string,
    oldestMs: number,
    threadTs?: string,
  ): Promise<SlackResult<string | undefined>>;
  /** Whether the bot (by its `user_id`) is a member of the channel. */
  isMember(channelId: string, botUserId: string): Promise<SlackResult<boolean>>;
  /** Drop any cached token so the provider is asked again (rotation, `token_expired`). */
  refreshToken(): void;
  /**
   * Abort every call in flight and answer every later call at once with an `ambiguous` failure, without
   * network traffic (close). Resolves when the calls that were in flight have returned.
   */
  abort?(): Promise<void>;
}
