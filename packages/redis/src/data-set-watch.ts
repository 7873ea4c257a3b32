import type { StoreLoss } from '@backend-notifier/core';
import type { Redis } from 'ioredis';
import type { RedisOutbox } from './redis-outbox.js';

/** The fix named in the one warning about a lost outbox. */
export const LOSS_FIX =
  'run Redis with persistence (appendonly yes) and maxmemory-policy noeviction, so queued messages survive a restart';

/** When and how Redis last lost the outbox, as this instance saw it. */
export interface LossRecord {
  /** Epoch ms of the detection. */
  at: number;
  /** What happened, one sentence (no host, no password). */
  detail: string;
}

/** What the watch needs to know. */
export interface DataSetWatchConfig {
  instanceId: string;
  /** Wait between detecting a loss and telling the listeners (see `lossGraceMs`). */
  graceMs: number;
  /** Told when nobody listens (a store used without a notifier). */
  warn(message: string, meta?: Record<string, unknown>): void;
}

/**
 * Notices that Redis lost the outbox behind everyone's back: a restart without persistence, `FLUSHALL`,
 * `FLUSHDB`, an eviction. The data set carries a marker key (`P:epoch`, a random value written by the first
 * script that finds it missing); this instance remembers the marker it saw, and a marker that changed means
 * the keys it was written with are gone. Why a marker and not `INFO server`'s `run_id` alone: `run_id`
 * changes on every restart, also one that kept its data (AOF), and does not change on a flush; here it only
 * words the cause (restarted or flushed). Checked on every reconnection, by the store's periodic tick, and
 * whenever a claim returns another marker. A false alarm (the marker alone evicted) costs a warning: storing
 * an item again that Redis still has is ignored.
 */
export class DataSetWatch {
  readonly #redis: Redis;
  readonly #outbox: RedisOutbox;
  readonly #c: DataSetWatchConfig;
  readonly #listeners = new Set<(loss: StoreLoss) => void>();
  #epoch: string | undefined;
  #runId: string | undefined;
  #checking: Promise<boolean> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #candidates = 0;
  #closed = false;
  lastLoss: LossRecord | undefined;

  constructor(redis: Redis, outbox: RedisOutbox, config: DataSetWatchConfig) {
    this.#redis = redis;
    this.#outbox = outbox;
    this.#c = config;
  }

  /** A fresh value for the marker, should this instance be the one to write it. */
  candidate(): string {
    return `${this.#c.instanceId}:${Date.now()}:${++this.#candidates}`;
  }

  /** A claim ran under `epoch`: when it is not the marker this instance knows, look now. */
  seen(epoch: string): void {
    if (this.#epoch !== undefined && epoch !== this.#epoch) void this.check(false).catch(() => false);
  }

  /**
   * Reads the marker (writing it when missing); `reconnected` also reads the server's `run_id`. Resolves
   * true when the outbox was lost since the last check; the listeners then hear of it after `graceMs`.
   * The first check only learns the marker. Rejects when Redis fails (the caller marks it unreachable).
   */
  check(reconnected: boolean): Promise<boolean> {
    this.#checking ??= this.#check(reconnected).finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async #check(reconnected: boolean): Promise<boolean> {
    const before = this.#runId;
    if (reconnected) this.#runId = (await this.#info('server', 'run_id')) ?? this.#runId;
    const current = await this.#outbox.epoch(this.candidate());
    const known = this.#epoch;
    this.#epoch = current;
    if (known === undefined || known === current) return false;
    const detail = await this.#describe(reconnected, before);
    this.lastLoss = { at: Date.now(), detail };
    this.#schedule(detail);
    return true;
  }

  /** The cause, as far as `run_id` and `aof_enabled` tell it. */
  async #describe(reconnected: boolean, runIdBefore: string | undefined): Promise<string> {
    if (reconnected && (runIdBefore === undefined || this.#runId === undefined))
      return 'Redis lost the outbox: it restarted empty or was flushed';
    if (!reconnected || runIdBefore === this.#runId)
      return 'Redis lost the outbox: its keys were deleted (FLUSHALL, FLUSHDB or eviction)';
    const aof = await this.#info('persistence', 'aof_enabled');
    return aof === '0'
      ? 'Redis lost the outbox: the server restarted without persistence (appendonly no)'
      : 'Redis lost the outbox: the server restarted without its data';
  }

  /**
   * Listeners hear of a loss `graceMs` after it was found: the other replicas reconnect meanwhile and settle
   * what they sent during an outage, so their items are not stored again behind them.
   */
  #schedule(detail: string): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed) return;
      const loss: StoreLoss = { detail, fix: LOSS_FIX };
      if (this.#listeners.size === 0) this.#c.warn(`${detail}. Fix: ${LOSS_FIX}`);
      for (const listener of this.#listeners) {
        try {
          listener(loss);
        } catch {
          // The listener's own problem; the others still hear of the loss.
        }
      }
    }, this.#c.graceMs);
    this.#timer.unref();
  }

  watch(listener: (loss: StoreLoss) => void): () => void {
    if (this.#closed) return () => false;
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  /** One field of `INFO <section>`; undefined when INFO is not allowed (renamed on some managed Redis). */
  async #info(section: string, field: string): Promise<string | undefined> {
    try {
      const text = await this.#redis.info(section);
      return new RegExp(`^${field}:(.*)$`, 'm').exec(text)?.[1]?.trim();
    } catch {
      return undefined;
    }
  }
}
