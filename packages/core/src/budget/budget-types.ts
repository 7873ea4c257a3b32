import type { Clock } from '../types.js';

/** Who goes first when several calls wait for one bucket: `high`, then `normal`, then `low`; FIFO within. */
export type BudgetPriority = 'high' | 'normal' | 'low';

/** One Slack call asking for its slot. */
export interface BudgetRequest {
  /** The Web API method, e.g. `chat.update`. */
  method: string;
  /** The channel id (only `chat.postMessage` is paced per channel). */
  channel?: string;
  /** @default 'normal' */
  priority?: BudgetPriority;
  /** Gives up waiting when aborted (`acquire` resolves false). */
  signal?: AbortSignal;
}

/** A bucket as `states()` shows it (for `stats()` and metrics). */
export interface BudgetBucketState {
  /** `chat.postMessage:<channel>` or the method name. */
  key: string;
  method: string;
  channel?: string;
  /** The rate this budget holds the bucket to (published rate × headroom), calls per minute. */
  perMinute: number;
  burst: number;
  /** Slots free right now (0 … burst, fractional). */
  tokens: number;
  /** Calls waiting for a slot. */
  waiting: number;
  /** A 429's Retry-After holds the bucket until this epoch ms. */
  pausedUntil?: number;
}

/**
 * Slots shared by several processes (the Redis store): `reserve` takes the bucket's next slot atomically for
 * every replica and answers how long to wait for it; `pause` holds the bucket for every replica (a 429).
 */
export interface SharedBudget {
  reserve(key: string, intervalMs: number, burst: number): Promise<number>;
  pause(key: string, durationMs: number): Promise<void>;
}

/** A rate for one method: calls per minute and how many may go back to back. */
export interface MethodRate {
  perMinute: number;
  /** @default ceil(perMinute / 2): half the minute's calls back to back, so a restart within the minute still finds Slack's bucket (of a minute's calls) holding the other half */
  burst?: number;
}

/** Options of `createSlackBudget`. */
export interface SlackBudgetOptions {
  /**
   * The fraction of each published rate the budget uses, so that a limiter at exactly Slack's rate never
   * refuses a call although requests reach it a little early or late (network and event-loop jitter).
   * @default 0.96
   */
  headroom?: number;
  /** `chat.postMessage` per channel, calls per second as Slack enforces it. @default 1 */
  postMessagePerSecond?: number;
  /** `chat.postMessage` calls a channel may send back to back. @default 1 */
  postMessageBurst?: number;
  /** Calls per minute of each tier as Slack enforces it. @default { t1: 1, t2: 20, t3: 50, t4: 100 } */
  tiers?: Partial<Record<'t1' | 't2' | 't3' | 't4', number>>;
  /**
   * Rates of single methods, over their tier (e.g. `{ 'conversations.history': { perMinute: 1 } }` for a
   * non-Marketplace app since 2025).
   * @default {}
   */
  methods?: Record<string, MethodRate>;
  /** Multiplies every rate (a sped-up emulator in tests and benchmarks). @default 1 */
  scale?: number;
  /** Slots shared across replicas (Redis); this process's own pace still applies. @default none */
  shared?: SharedBudget;
  /** @default the system clock (timers unref'd) */
  clock?: Clock;
}

/** The one scheduler of every Slack rate: see `createSlackBudget`. */
export interface SlackBudget {
  /**
   * Waits for the call's slot: its bucket (per channel for `chat.postMessage`, per method for tiered ones;
   * Special methods go at once), served by priority, then first come first served. Resolves `true` when the
   * call may go now, `false` when the budget was closed or `signal` aborted (do not call Slack). Never rejects.
   */
  acquire(request: BudgetRequest): Promise<boolean>;
  /** A 429 for this call: only its bucket pauses, for `retryAfterMs` (for every replica with `shared`). */
  penalize(method: string, channel: string | undefined, retryAfterMs: number): void;
  /** Ms a new call of this kind (and priority) would wait now: the pause, the pace, and the calls ahead. */
  waitMs(method: string, channel?: string, priority?: BudgetPriority): number;
  /** Every bucket used so far. */
  states(): BudgetBucketState[];
  /** Every waiting `acquire` resolves `false`; later ones too. Idempotent. */
  close(): void;
}
