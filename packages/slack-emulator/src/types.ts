/** Kind of token: bot (`xoxb-`), user (`xoxp-`) or app-level (`xapp-`). */
export type TokenKind = 'bot' | 'user' | 'app';

/** A conversation as the emulator holds it (control view, camelCase). */
export interface Channel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** User ids of the members, the bot's user id included when the bot is a member. */
  members: string[];
  /** Creation time in epoch seconds. */
  created: number;
  /** Whether this is the workspace's `#general` channel (cannot be archived). */
  isGeneral: boolean;
}

/** Message metadata as Slack stores it. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A stored message (control view). Replies carry `threadTs`. */
export interface Message {
  ts: string;
  threadTs?: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
  edited?: { user: string; ts: string };
  replyCount: number;
  deleted?: boolean;
  /** A thread reply posted (or later updated) with `reply_broadcast`: also shown in the channel's history. */
  broadcast?: boolean;
  /** The `username` the post asked for, kept only when the token had `chat:write.customize`. */
  username?: string;
  /** The `icon_emoji` the post asked for (same rule as `username`). */
  iconEmoji?: string;
  /** The `icon_url` the post asked for (same rule; `icon_emoji` wins when both are sent). */
  iconUrl?: string;
}

/** A human user of the emulated workspace. */
export interface WorkspaceUser {
  id: string;
  name: string;
  realName?: string;
}

/** A channel in an initial workspace. */
export interface WorkspaceChannelSpec {
  /** @default generated from the seed */
  id?: string;
  name: string;
  /** @default false */
  isPrivate?: boolean;
  /** @default false */
  archived?: boolean;
  /** @default false */
  botMember?: boolean;
  /** Extra member user ids. @default all human users for public channels, none for private */
  members?: string[];
  /** @default false */
  isGeneral?: boolean;
}

/** A token in an initial workspace. */
export interface WorkspaceTokenSpec {
  token: string;
  scopes: string[];
  /** @default inferred from the prefix (`xoxb-` bot, `xoxp-` user, `xapp-` app) */
  kind?: TokenKind;
  /** User the token acts as. @default the bot user for bot tokens, the first human for user tokens */
  userId?: string;
}

/** The initial state of the emulated workspace. Every field is optional. */
export interface WorkspaceSpec {
  /** @default 'T0EMULATOR' */
  teamId?: string;
  /** @default 'Emulated Workspace' */
  teamName?: string;
  /** Subdomain used in `auth.test` urls and permalinks. @default 'emulated' */
  domain?: string;
  /** The app's bot user. @default { userId: 'U0EMULBOT', botId: 'B0EMULATOR', name: 'notifier' } */
  bot?: { userId?: string; botId?: string; name?: string; appId?: string };
  /** Channels besides `#general` (which always exists unless given here with isGeneral). @default [] */
  channels?: WorkspaceChannelSpec[];
  /** Human users. @default alice (U0ALICE01) and bob (U0BOB0001) */
  users?: WorkspaceUser[];
  /** Extra tokens. @default [] */
  tokens?: WorkspaceTokenSpec[];
  /** The default bot token's string. @default generated from the seed */
  botToken?: string;
}

/** An injected fault's behaviour. */
export type FaultAction =
  | { type: 'error'; error: string; extra?: Record<string, unknown> }
  | { type: 'ratelimit'; retryAfter?: number | null }
  | { type: 'http'; status: number }
  | { type: 'delay'; ms: number }
  | { type: 'hang'; ms?: number }
  /**
   * Slack still processing when the client gives up: the call is held and takes effect (the message is
   * stored, with the `ts` of that moment) `ms` after it arrived, answered then if the socket is still open.
   * Rate limits are applied on arrival. Unlike `hang`, which stores first and answers late.
   */
  | { type: 'late'; ms: number }
  | { type: 'reset' }
  | { type: 'non_json' }
  | { type: 'redirect'; location?: string };

/** Which calls a fault applies to and what it does. */
export interface FaultSpec {
  /** Web API method name, or `'*'` for all. */
  method: string;
  /** Channel id or name (with or without `#`). @default any channel */
  channel?: string;
  /** Apply to the next N matching calls only. @default unlimited */
  times?: number;
  /** Chance (0..1, drawn from the seeded RNG) that a matching call is affected. @default 1 */
  probability?: number;
  action: FaultAction;
}

/** A fault as stored, with its id and how many applications remain. */
export interface Fault extends FaultSpec {
  id: string;
  /** Remaining applications (undefined = unlimited). */
  remaining?: number;
  /** How many calls it has affected so far. */
  hits: number;
}

/** One Web API call as recorded by the emulator. */
export interface RequestLogEntry {
  seq: number;
  /** Epoch ms when the request was received. */
  at: number;
  /** Epoch ms when the call was answered (or performed, for `hang` and `late`). */
  doneAt: number;
  method: string;
  /** Resolved channel id, when the call named an existing channel. */
  channel?: string;
  /** `'ok'`, the Slack error code, `'http_<status>'`, `'ratelimited'`, `'reset'`, `'hang'`, `'late'`, `'non_json'`. */
  outcome: string;
  status: number;
  ts?: string;
  text?: string;
  metadata?: unknown;
  threadTs?: string;
  /** A redacted token id such as `tok_1`; never the token itself. */
  token?: string;
}

/** Per-channel `chat.postMessage` limit. */
export interface PostMessageLimit {
  /** @default 1 */
  perSecond: number;
  /** @default 3 */
  burst: number;
}

/** Requests per minute for each Slack tier. */
export interface TierLimits {
  /** @default 1 */
  t1: number;
  /** @default 20 */
  t2: number;
  /** @default 50 */
  t3: number;
  /** @default 100 */
  t4: number;
}

/** Rate limit configuration (resolved). */
export interface RateLimitConfig {
  /** @default true */
  enabled: boolean;
  /** @default { perSecond: 1, burst: 3 } */
  postMessage: PostMessageLimit;
  /** @default { t1: 1, t2: 20, t3: 50, t4: 100 } */
  tiers: TierLimits;
  /** Multiplies every rate (not the bursts). @default 1 */
  scale: number;
  /** Apply the 2025 non-Marketplace rule to history/replies: Tier 1 and `limit` capped at 15. @default false */
  nonMarketplace: boolean;
}

/** Partial rate limit configuration, as accepted by options and `setRateLimits`. */
export interface RateLimitOptions {
  /** @default true */
  enabled?: boolean;
  /** @default { perSecond: 1, burst: 3 } */
  postMessage?: Partial<PostMessageLimit>;
  /** @default { t1: 1, t2: 20, t3: 50, t4: 100 } */
  tiers?: Partial<TierLimits>;
  /** @default 1 */
  scale?: number;
  /** @default false */
  nonMarketplace?: boolean;
}

/** What `events` emits with `'change'`. */
export interface ChangeEvent {
  type:
    | 'message'
    | 'message_changed'
    | 'message_deleted'
    | 'channel'
    | 'fault'
    | 'request'
    | 'reset'
    | 'ephemeral'
    | 'interaction'
    | 'socket';
  channel?: string;
  ts?: string;
}
