/**
 * Public types of `@backend-notifier/core`. Internal types live beside the code that owns them and are
 * never exported from `index.ts`.
 */

import type { KnownBlock, MessageAttachment } from '@slack/web-api';
import type { SlackBudgetOptions } from './budget/budget-types.js';

/** How urgent a notification is. High goes first and is evicted last. */
export type Priority = 'high' | 'normal' | 'low';

/** A labelled value shown as a Slack field. */
export interface NotificationField {
  title: string;
  value: string;
  /** Show side by side with the next short field. @default true */
  short?: boolean;
}

/** Who to ping. Only these explicit options can ping: text from data never can. */
export type Mention = 'channel' | 'here' | { user: string } | { group: string };

/** Deployment status, the seed's rich example. */
export interface DeploymentInfo {
  service: string;
  version: string;
  environment: string;
  status: 'started' | 'succeeded' | 'failed' | 'rolled_back';
  /**
   * Identifies one deployment across its statuses (its `started` and its `succeeded` live on one message).
   * @default service + environment + version
   */
  id?: string;
  url?: string;
  by?: string;
  durationMs?: number;
}

/**
 * One event to tell the channel about. Every string in it is data: it is escaped before it is sent, so it
 * can never ping anyone or inject a link; only `mention` pings.
 */
export interface Notification {
  /** Main text (plain text with mrkdwn emphasis; `&`, `<`, `>` are escaped). */
  text?: string;
  /** Short heading, shown as a header block. */
  title?: string;
  /** @default 'normal' */
  priority?: Priority;
  /** A named route from `NotifierOptions.routes`. @default the default channel */
  channel?: string;
  /** Fields, as a record (label → value) or a list. */
  fields?: Record<string, unknown> | NotificationField[];
  /** Context lines shown small under the message (label → value). */
  context?: Record<string, unknown>;
  /** An error to render with the error template (name, message, stack in a code block). */
  error?: unknown;
  /** A deployment status to render with the deployment template. */
  deployment?: DeploymentInfo;
  /** Raw Block Kit blocks, sent as given after the size checks (the caller owns their escaping). */
  blocks?: KnownBlock[];
  /** Legacy attachments (colour bar, fields), sent after the size checks. */
  attachments?: MessageAttachment[];
  /** Attachment colour for the template (`good`, `warning`, `danger` or `#rrggbb`). */
  color?: string;
  /** Reply in this thread (a parent message `ts`). */
  threadTs?: string;
  /** Explicit pings. */
  mention?: Mention | Mention[];
  /** Groups repeats; computed from the error or the text when absent. */
  fingerprint?: string;
  /**
   * The conversation this event belongs to: every event with the same key (on the same channel) lives on one
   * Slack message, updated in place, with follow-ups in its thread.
   * @default the error fingerprint, the deployment identity, or the `fingerprint` (in that order)
   */
  key?: string;
}

/** The outcome of one notification, once it is settled. Never rejects. */
export type DeliveryOutcome =
  | { status: 'delivered'; id: string; channelId: string; ts: string; permalink?: string }
  | {
      status: 'dead_lettered' | 'dropped';
      id: string;
      /** Why: a Slack error code for dead letters, a drop reason for drops. */
      reason: string;
    }
  | {
      /**
       * A repeat of a fingerprint already posted (or being posted) in this window: not posted on its own,
       * counted into the group's message (its `×N` counter, kept current with `chat.update`). Settled at
       * once; `channelId`/`ts` are the group's message when it was already posted.
       */
      status: 'grouped';
      id: string;
      /** Always `'grouped'` (so code written for the other non-delivered outcomes can still read a reason). */
      reason: 'grouped';
      fingerprint: string;
      channelId?: string;
      ts?: string;
    };

/** What `notify()` returns at once. */
export interface NotifyReceipt {
  /** The message id; it also travels in the Slack message metadata. */
  id: string;
  /** Resolves once the store has committed the message (true), or false when it was refused. */
  accepted: Promise<boolean>;
  /** Resolves with the final outcome. Never rejects. */
  delivered: Promise<DeliveryOutcome>;
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface HealthCheck {
  name: 'auth' | 'channel' | 'membership' | 'queue' | 'oldest_pending' | 'last_success' | 'circuit' | string;
  status: HealthStatus;
  /** Human-readable detail; never contains the token. */
  detail?: string;
  /** A measured value (depth, age in ms, epoch ms…). */
  value?: number | string | boolean;
}

export interface HealthReport {
  status: HealthStatus;
  checks: HealthCheck[];
}

/**
 * Why a message was dropped (counted, never silent). `closed`: `close()` ended before it was sent (never sent;
 * `exit` when the exit handling closed). `aborted_in_flight`: sent with no answer from Slack (its post on the
 * wire when `close()` cut Slack off at its deadline, or timed out and not confirmed since), so its outcome is
 * unknown (Slack may have stored it). Both only with the memory
 * outbox; a durable store keeps these for the next start. `lost`: the store lost it behind the notifier's
 * back (e.g. Redis restarted without persistence) and this process could not store it again.
 */
export type DropReason =
  | 'queue_overflow'
  | 'closed'
  | 'exit'
  | 'aborted_in_flight'
  | 'invalid'
  | 'feedback_loop'
  | 'flood'
  | 'lost'
  | string;

export interface NotifierStats {
  accepted: number;
  delivered: number;
  pending: number;
  inFlight: number;
  deadLettered: number;
  dropped: number;
  droppedByReason: Record<string, number>;
  /**
   * Repeats folded into a storm group's message instead of being posted (by this process, or claimed by
   * another replica through the store). `accepted = delivered + pending + deadLettered + dropped + grouped`.
   */
  grouped: number;
  /** Storm groups currently open (their message is still counted into). */
  groups: number;
  /** Messages delivered inside digest messages (also counted in `delivered`). */
  digested: number;
  retried: number;
  rateLimited: number;
  /** Delivery latency from accept to Slack's answer, in ms. */
  latencyMs: { p50: number; p99: number; max: number };
  /**
   * Shared stores (`OutboxStore.shared`, e.g. Redis) only: items another replica accepted (or a previous
   * process left in the store) that this replica delivered. Not part of this replica's `accepted`/`delivered`:
   * its accounting covers its own items only, so summed over the replicas,
   * `delivered + deliveredForOthers` is what reached Slack.
   */
  deliveredForOthers: number;
  /** Shared stores only: other replicas' items this replica dead-lettered (not in `deadLettered`). */
  deadLetteredForOthers: number;
  /** Shared stores only: other replicas' items dropped here (e.g. evicted by this replica's add; not in `dropped`). */
  droppedForOthers: number;
}

/** Console-like logger. Every call the notifier makes carries `{ source: 'backend-notifier' }` in meta. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Time source; tests pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { unref?(): unknown } | unknown;
  clearTimeout(handle: unknown): void;
}

/** The notifier. */
export interface Notifier {
  /** Queue a notification. Synchronous, cheap, never throws for delivery problems. */
  notify(notification: Notification | string): NotifyReceipt;
  /**
   * Check the token and scopes, set up the channel(s). Throws `NotifierError` on config problems. Waits at most
   * `startTimeoutMs`: past it, rejects with `NotifierError('unreachable')` (`details.reason: 'start_timeout'`)
   * while the checks go on in the background and messages stay queued. Keeps the process alive while it
   * waits (the `autoStart` run in the background does not).
   */
  start(): Promise<void>;
  /**
   * The health report, within `healthTimeoutMs` whatever Slack or the store do: a check that did not answer
   * in time is `degraded` with `value: 'timeout'`. Concurrent calls share one run, and a Slack look-up still
   * in flight from an earlier call is waited on, never sent again.
   */
  health(): Promise<HealthReport>;
  stats(): NotifierStats;
  /**
   * Wait until nothing is pending (delivered, or settled as dead letter or drop) and every storm counter
   * that is due is in Slack, or the timeout passes. Due counters are sent at once while it waits, not at the
   * end of `grouping.intervalMs` (an update Slack refuses is logged, not waited for). Resolves to true when
   * nothing is left to wait for; never rejects. While it waits with work pending it keeps the process alive
   * (one referenced handle, released when it resolves).
   * @param timeoutMs @default 5000
   */
  flush(timeoutMs?: number): Promise<boolean>;
  /**
   * Deliver what is pending until `timeoutMs` (keeping the process alive meanwhile), then stop: Slack calls
   * still in flight are aborted, timers cleared, the store closed; with the memory store what is left is
   * dropped as `closed`, a message sent with no answer from Slack as `aborted_in_flight` (its outcome is
   * unknown) (counted, one warning saying how many were in flight), a durable store keeps it for the next
   * start. Resolves within
   * `timeoutMs` + 250 ms whatever Slack does; after that nothing is logged, timed or sent, and the notifier
   * holds no handle. Idempotent: later calls return the first result. After it, `notify()` drops with
   * reason `closed`. Resolves to whether everything was delivered.
   * @param timeoutMs @default 5000
   */
  close(timeoutMs?: number): Promise<boolean>;
}

/** A value or a promise of it: store methods may answer synchronously (memory) or not (SQLite, Redis). */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The stored form of one notification. Everything in it is plain JSON data (errors are snapshotted to
 * `{ name, message, stack }`), so durable stores can serialize it as is. It never holds the token.
 */
export interface OutboxItem {
  /** Unique message id; travels in the Slack message metadata. */
  id: string;
  /** The Slack channel name this item goes to (the route already resolved). Pacing is per channel. */
  channel: string;
  priority: Priority;
  /** Accept order within this process (tie-breaker after priority: lower goes first). */
  seq: number;
  /** Epoch ms when `notify()` accepted it. */
  acceptedAt: number;
  /** The notification as given (a string, or an object with `error` snapshotted to plain data). */
  notification: Notification | string;
  /** Attempts that counted against `retry.maxAttempts`. */
  attempts: number;
  /** Set once Slack rejected the rich payload: the next attempt sends the plain-text fallback. */
  fallback?: boolean;
  /**
   * Set when an attempt may have been posted without us knowing (a timeout, or in flight when a process
   * died): before posting again the notifier looks the id up in the channel's history.
   */
  ambiguous?: boolean;
}

/** A message Slack refused for good, kept with the error code. */
export interface DeadLetter {
  item: OutboxItem;
  /** The Slack error code (e.g. `channel_not_found`, `invalid_blocks`). */
  code: string;
  /** Epoch ms. */
  at: number;
}

/** Counts of what a store holds. */
export interface OutboxDepth {
  /** Waiting items (not in flight). */
  pending: number;
  /** Claimed and not yet acknowledged, released or dead-lettered. */
  inFlight: number;
  /** `acceptedAt` of the oldest waiting or in-flight item. */
  oldestAcceptedAt?: number;
}

/**
 * Where accepted notifications wait. The memory store is the default; `@backend-notifier/store-sqlite` and
 * `@backend-notifier/redis` implement the same interface and pass the same conformance suite
 * (`describeOutboxStore` from `@backend-notifier/core/testing`).
 *
 * Ordering contract: `claim(channel)` returns that channel's highest-priority item (`high` > `normal` > `low`),
 * oldest (`seq`) first within a priority; a released item keeps its place. Capacity contract: a bounded store
 * evicts the lowest priority, oldest first, and returns what it evicted (possibly the item just added).
 */
export interface OutboxStore {
  /**
   * Persist a new item. Resolves once it is committed (that is when the notifier calls it accepted).
   * Returns the items evicted to make room (each must be reported as dropped `queue_overflow`);
   * `undefined` or `[]` when nothing was evicted.
   */
  add(item: OutboxItem): MaybePromise<OutboxItem[] | undefined>;
  /** Take the next item for `channel` and mark it in flight; `undefined` when that channel has none. */
  claim(channel: string): MaybePromise<OutboxItem | undefined>;
  /** The in-flight item was delivered: forget it. */
  ack(id: string): MaybePromise<void>;
  /** Put an in-flight item back (with its updated `attempts`/`fallback`), at its original place. */
  release(item: OutboxItem): MaybePromise<void>;
  /** Move an in-flight item to the dead letters with Slack's error code. */
  deadLetter(item: OutboxItem, code: string): MaybePromise<void>;
  /** Dead letters, oldest first (at most `limit`). */
  deadLetters(limit?: number): MaybePromise<DeadLetter[]>;
  /** Channels that have waiting items. */
  channels(): MaybePromise<string[]>;
  depth(): MaybePromise<OutboxDepth>;
  /**
   * Called once by `createNotifier`, before it adds anything: items left in flight by a previous process go
   * back to waiting (marked `ambiguous`, since they may have been posted). Returns how many items the store
   * holds; the notifier counts them as accepted (recovered).
   */
  recover?(): MaybePromise<number>;
  /**
   * Optional cross-process pacing (e.g. Redis): reserve the next send slot on `channel`, where sends are
   * `intervalMs` apart; returns how many ms to wait before sending. When absent the notifier paces locally.
   */
  reserve?(channel: string, intervalMs: number, now: number): MaybePromise<number>;
  /** Optional cross-process 429 pause: no process sends to `channel` before `untilMs`. */
  pause?(channel: string, untilMs: number): MaybePromise<void>;
  /**
   * True when items survive the process (SQLite, Redis): `close()` then leaves what is still waiting for
   * the next start instead of counting it as dropped `closed`.
   * @default false
   */
  readonly durable?: boolean;
  close?(): MaybePromise<void>;
  /**
   * Optional persistent drop counters. The notifier calls it for every drop it decides (`closed`, `invalid`,
   * `feedback_loop`, `flood`, `store_error`…), never for the evictions the store itself returned from `add`
   * (the store counts those as `queue_overflow` on its own).
   */
  recordDrop?(reason: string, count?: number): MaybePromise<void>;
  /**
   * Optional: drop counts kept from earlier runs, read once by `createNotifier` before anything is added;
   * they seed `stats().droppedByReason` (and `dropped` and `accepted`, so the accounting still adds up).
   */
  dropCounts?(): MaybePromise<Record<string, number>>;
  /**
   * Optional cross-replica dedupe (e.g. Redis `SET NX PX`): the first caller for `fingerprint` within
   * `windowMs` gets `'first'` and posts; the others get `'repeat'` and count into the group
   * (`countRepeat`) without posting; `'unavailable'` means the store cannot tell, and the notifier posts
   * (fail open).
   */
  claimFingerprint?(fingerprint: string, windowMs: number): MaybePromise<'first' | 'repeat' | 'unavailable'>;
  /** Optional: count one repeat into the group counter shared by the replicas; the new count (-1 when unknown). */
  countRepeat?(fingerprint: string): MaybePromise<number>;
  /** Optional: repeats counted so far by the other replicas (-1 when unknown); read before each `chat.update`. */
  repeats?(fingerprint: string): MaybePromise<number>;
  /**
   * True when several processes share the store (Redis): a replica may claim and deliver items another one
   * accepted. The notifier then keeps per-process accounting: `accepted`, `pending`, `delivered`… and
   * `flush()`/`close()` cover only the items this process accepted (items it settles for others are counted
   * in `stats().deliveredForOthers` and the like), and `recover()`'s count is not added to its pending.
   * @default false
   */
  readonly shared?: boolean;
  /**
   * Optional: the store's own health as a notifier health check (by convention named `store`). `health()`
   * includes it; its `degraded`/`down` counts in the overall status. A throw or a rejection reads as
   * `degraded`.
   */
  health?(): MaybePromise<HealthCheck>;
  /**
   * Optional (shared stores): calls `listener(channel)` when work for `channel` appears that this process
   * would not otherwise notice (a dead replica's claims expired, a fallback moved back). The notifier
   * subscribes when it is created and wakes that channel's lane; it unsubscribes on `close()`. Returns the
   * unsubscribe function.
   */
  watch?(listener: (channel: string) => void): () => void;
  /**
   * Optional (shared stores): tell the process that accepted an item how it ended, when another process
   * settled it. Called by the notifier that settled someone else's item (fire and forget; failures ignored).
   */
  publishOutcome?(channel: string, outcome: DeliveryOutcome): MaybePromise<void>;
  /**
   * Optional (shared stores): outcomes published by other processes (`publishOutcome`). The notifier settles
   * the receipt and counters of the ones it accepted, so its `flush()` returns true once its own items are
   * settled wherever they were delivered; it ignores the others. Returns the unsubscribe function.
   */
  watchOutcomes?(listener: (channel: string, outcome: DeliveryOutcome) => void): () => void;
  /**
   * Optional (stores that can lose data behind the notifier's back, e.g. Redis without persistence): calls
   * `listener(loss)` when the store finds that items it held are gone without having been settled (Redis
   * restarted empty, flushed). The notifier then hands its own unsettled items back (`requeue`), counts
   * what cannot be handed back as dropped `lost`, logs one warning that names `loss.fix`, and reports it in
   * `health()` (check `store_loss`). Returns the unsubscribe function.
   */
  watchLoss?(listener: (loss: StoreLoss) => void): () => void;
  /**
   * Optional, with `watchLoss`: store again items the notifier still holds after a loss. An item the store
   * still has, that was settled meanwhile, or that this process is sending right now is not stored twice.
   * Resolves with the items it could not take back (the notifier counts them as dropped `lost`).
   */
  requeue?(items: OutboxItem[]): MaybePromise<OutboxItem[]>;
}

/** What a store lost (see `OutboxStore.watchLoss`). Never carries a secret. */
export interface StoreLoss {
  /** What happened, one sentence (e.g. `Redis came back without the outbox (the server restarted)`). */
  detail: string;
  /** How to prevent it, one sentence (e.g. `run Redis with persistence: appendonly yes`). */
  fix: string;
}

/** Retry policy for transient failures (5xx, network errors, timeouts). */
export interface RetryOptions {
  /**
   * Attempts per message before it is dead-lettered with the last error code. 429s and auth failures never
   * count. Unlimited by default: through an outage, messages wait (bounded by `maxItems`) instead of being
   * given up.
   * @default Infinity
   */
  maxAttempts?: number;
  backoff?: BackoffOptions;
}

/** Exponential backoff, capped, with jitter. */
export interface BackoffOptions {
  /** First delay. @default 1000 */
  baseMs?: number;
  /** Cap on any delay (at most 60 000). @default 60000 */
  maxMs?: number;
  /**
   * `full`: uniform in [0, delay]; `equal`: delay/2 + uniform in [0, delay/2]; `none`: exactly delay.
   * @default 'full'
   */
  jitter?: 'full' | 'equal' | 'none';
}

/** The auth circuit breaker. */
export interface CircuitOptions {
  /** Consecutive auth failures that open the circuit (1 to 3). @default 2 */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe (`auth.test`). @default 60000 */
  cooldownMs?: number;
}

/**
 * What the notifier does after a post timed out while Slack may still be storing it (a late commit): it looks
 * the message up in the channel history once it should have landed, and posts again only when it is still
 * absent at the end of a grace period. Used when `recoverAmbiguous` is on.
 */
export interface LateCommitOptions {
  /**
   * Least time past the client's timeout during which a timed-out post is still expected to land: the
   * message is posted again only if it is absent from the history after this. Longer = fewer duplicates
   * when Slack commits late, but a post Slack really lost holds its channel this much longer.
   * @default timeoutMs
   */
  graceMs?: number;
  /**
   * Most time past the timeout a timed-out post is waited for. When timed-out posts are found to have
   * landed late, the grace widens to twice the largest lateness seen in the last 16 of them, up to this.
   * @default 3 × timeoutMs
   */
  maxGraceMs?: number;
  /**
   * History look-ups (`conversations.history` / `conversations.replies` pages) per minute, for this
   * notifier: Slack's Tier 3 is 50 per minute per workspace (Tier 1, 1 per minute, for apps not approved for
   * the Slack Marketplace since 2025: set 1). A look-up waits for the budget instead of being refused.
   * @default 50
   */
  historyPerMinute?: number;
}

/** Options of `createNotifier`. */
export interface NotifierOptions {
  /**
   * A bot token (`xoxb-…`), or an async provider that returns one (called again on `token_expired`, for
   * rotation). Never logged, stored or reported.
   */
  token: string | (() => string | Promise<string>);
  /** Default channel name (without `#`): created, or found when it exists, then joined. */
  channel: string;
  /**
   * Named routes to more channels: `notify({ channel: 'deploys', … })` goes to `routes.deploys`.
   * @default {}
   */
  routes?: Record<string, string>;
  /** Slack Web API base URL (point it at the emulator in tests). @default 'https://slack.com/api/' */
  slackApiUrl?: string;
  /** Where messages wait. @default createMemoryStore({ maxItems }) */
  store?: OutboxStore;
  /** Bound of the default memory store; ignored when `store` is given. @default 10000 */
  maxItems?: number;
  /** Console-like logger; every call carries `{ source: 'backend-notifier' }`. @default warnings and errors to console */
  logger?: Logger;
  /** Time source. @default the system clock */
  clock?: Clock;
  /** `chat.postMessage` rate per channel (Slack allows about 1/s). @default 1 */
  perChannelPerSecond?: number;
  /** Requests a channel may send back to back before the rate applies. @default 1 */
  burst?: number;
  /** Budget for all channels together (Slack keeps a workspace-wide limit). @default 120 */
  workspacePerMinute?: number;
  /**
   * The one Slack budget every call waits on: `headroom` (fraction of each published rate used), tier and
   * per-method rates, `scale` (a sped-up emulator), `shared` slots across replicas. `chat.postMessage` per
   * channel follows `perChannelPerSecond` and `burst` unless set here.
   * @default { headroom: 0.96 } with Slack's published rates
   */
  budget?: SlackBudgetOptions;
  /** Retries of transient failures. @default { maxAttempts: Infinity, backoff: { baseMs: 1000, maxMs: 60000, jitter: 'full' } } */
  retry?: RetryOptions;
  /** Priority markers put in front of the text. @default the format module's DEFAULT_MARKERS (🔴 🟢 ⚪) */
  markers?: Partial<Record<Priority, string>>;
  /** Timeout of each Slack call; a timed-out post is ambiguous (maybe posted). @default 10000 */
  timeoutMs?: number;
  /** Period of the health check that rejoins and drains (timer is unref'd; 0 disables). @default 60000 */
  healthCheckIntervalMs?: number;
  /** Auth circuit breaker. @default { failureThreshold: 2, cooldownMs: 60000 } */
  circuit?: CircuitOptions;
  /**
   * After a timed-out post, look the message id up in the channel's recent history before posting again,
   * so it is not posted twice. Needs `channels:history` (`groups:history` for private channels); without
   * the scope it is skipped and a warning is logged once.
   * @default true
   */
  recoverAmbiguous?: boolean;
  /** Late commits: how long a timed-out post is waited for before it is posted again (see the type). @default {} */
  lateCommit?: LateCommitOptions;
  /** Call `start()` right away (errors are logged and shown by `health()`, never unhandled). @default true */
  autoStart?: boolean;
  /**
   * Longest wait of `start()` (an app that awaits it on boot boots in bounded time whatever Slack does): past
   * it, `start()` rejects with `NotifierError('unreachable')` (`details: { reason: 'start_timeout', timeoutMs }`)
   * while the checks go on in the background, as when Slack is unreachable: messages stay queued and are
   * delivered once Slack answers; a later failure is logged and shown by `health()`. `0`: no bound of its own
   * (each Slack call still ends by `timeoutMs`, so start can take a few of them).
   * @default 5000
   */
  startTimeoutMs?: number;
  /**
   * A script that ends without `close()`: when Node's event loop empties (`'beforeExit'`) with messages
   * pending (or a storm counter due), the notifier closes itself with this timeout, keeping the process alive meanwhile, then lets go;
   * what is left is counted as dropped `exit` (memory outbox) or kept for the next start (durable store).
   * Nothing can be delivered after `process.exit()` or a fatal signal (see the README). `0` turns it off.
   * Off with a custom `clock`.
   * @default 5000
   */
  exitTimeoutMs?: number;
  /**
   * An awaited `receipt.delivered` keeps the process alive while its message is pending, for as long as
   * messages keep settling: after this many ms with none settled (Slack hanging or down) it lets go, so a
   * script waiting on a receipt cannot hang for ever (the exit handling above then takes over). `0`: awaited
   * receipts never hold the process. Off with a custom `clock`.
   * @default 30000
   */
  receiptKeepAliveMs?: number;
  /**
   * Longest time `health()` takes: a Slack check that has not answered by then is reported as a
   * `degraded` check with `value: 'timeout'` (its request keeps running and the next `health()` waits on
   * that same request instead of starting another).
   * @default 1000
   */
  healthTimeoutMs?: number;
  /** Storm grouping of repeats (one message with a counter). @default { match: 'errors', waitMs: 0, windowMs: 600000, intervalMs: 30000, repeatAfterMs: 600000, sampleReplies: 0 } */
  grouping?: GroupingOptions;
  /** Digest messages under backlog. @default { afterMs: 60000, maxItems: 20 } */
  digest?: DigestOptions;
  /** Per-channel flood breaker. @default { perMinute: Infinity } (off) */
  flood?: FloodOptions;
}

/**
 * Storm grouping, like Alertmanager's: the first occurrence of a fingerprint posts (after `waitMs`); repeats
 * within the window are not posted but counted into that message's `×N` counter, updated with `chat.update`
 * at most once per `intervalMs`; after `repeatAfterMs` without an occurrence (or once `windowMs` has passed
 * since the first), the next occurrence posts anew.
 */
export interface GroupingOptions {
  /**
   * What is grouped: `'errors'` groups notifications with an `error` or an explicit `fingerprint`; `'all'`
   * also groups the others (by title and masked text, strings too); `'off'` groups nothing.
   * @default 'errors'
   */
  match?: 'errors' | 'all' | 'off';
  /** How long the first occurrence waits before it is posted, collecting repeats into its first count. @default 0 */
  waitMs?: number;
  /** Longest life of one group: after it the next occurrence posts a new message. @default 600000 */
  windowMs?: number;
  /** Least time between two `chat.update` calls of one group. @default 30000 */
  intervalMs?: number;
  /** Quiet period after which a new occurrence posts anew. @default 600000 */
  repeatAfterMs?: number;
  /** Thread replies with the latest occurrence, at most this many per group, one per update. @default 0 */
  sampleReplies?: number;
  /** Most open groups kept (the oldest are closed first). @default 10000 */
  maxGroups?: number;
}

/**
 * Digests: when a channel's backlog is more than its rate can send within `afterMs`, `low` and `normal`
 * messages are folded, up to `maxItems` at a time, into one digest message; `high` ones still go alone.
 */
export interface DigestOptions {
  /** Backlog (in ms of sending at the channel's rate) above which digests start; `Infinity` turns digests off. @default 60000 */
  afterMs?: number;
  /** Messages per digest (2 to 40). @default 20 */
  maxItems?: number;
}

/** Per-channel flood breaker: above `perMinute` accepted (not grouped) messages in a minute, `low` ones are dropped as `flood`. */
export interface FloodOptions {
  /** Accepted messages per channel per minute before the breaker trips. @default Infinity (off) */
  perMinute?: number;
}
