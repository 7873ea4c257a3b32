import { randomUUID } from 'node:crypto';
import type { DeadLetter, OutboxDepth, OutboxItem, OutboxStore } from '@backend-notifier/core';
import type { Redis } from 'ioredis';
import { RedisOutbox } from './redis-outbox.js';
import type { RedisStoreHealth } from './redis-store-options.js';

/** Resolved settings of a `RedisStore`. */
export interface RedisStoreConfig {
  prefix: string;
  maxItems: number;
  maxDeadLetters: number;
  lockDurationMs: number;
  sendTimeoutMs: number;
  stalledIntervalMs: number;
  burst: number;
  connectTimeoutMs: number;
  fallback: OutboxStore;
  logger: {
    warn(m: string, meta?: Record<string, unknown>): void;
    info(m: string, meta?: Record<string, unknown>): void;
  };
}

type Listener = (health: RedisStoreHealth) => void;

/**
 * The shared outbox on Redis, with a local fallback. While Redis answers, every operation is one atomic
 * script there. While it does not, `add` spools to the fallback at once (so `notify()` never waits), the
 * replica keeps delivering from the fallback, and operations on items claimed from Redis are kept and
 * replayed on reconnect; then the fallback is moved into Redis.
 */
export class RedisStore implements OutboxStore {
  readonly durable = true;
  /** This instance's id, written next to its claims in Redis (so only it renews their locks). */
  readonly instanceId = randomUUID();
  readonly #redis: Redis;
  readonly #outbox: RedisOutbox;
  readonly #c: RedisStoreConfig;
  /** Ids this instance claimed from Redis and still holds (their locks are renewed). */
  readonly #held = new Set<string>();
  /** Ids claimed from the fallback. */
  readonly #fromFallback = new Set<string>();
  /** Per channel, the id this instance claimed last (the one `reserve` is about: one claim per lane). */
  readonly #current = new Map<string, string>();
  /** Channel of each claimed id, to end its send when it is acked, released or dead-lettered. */
  readonly #channelOf = new Map<string, string>();
  /** Acks, releases and dead letters of Redis items that could not reach Redis yet. */
  readonly #pending = new Map<string, () => Promise<void>>();
  readonly #listeners = new Set<Listener>();
  readonly #timers: NodeJS.Timeout[] = [];
  #available = false;
  #everReady = false;
  #unavailableSince: number | undefined = Date.now();
  #lastError: string | undefined;
  #lastDepth: OutboxDepth = { pending: 0, inFlight: 0 };
  #draining: Promise<void> | undefined;
  #droppedWhileDraining = 0;
  #closed = false;
  /** Until the first connection (or `connectTimeoutMs`), operations wait for it instead of spooling. */
  #connecting: Promise<void> | undefined;

  constructor(redis: Redis, config: RedisStoreConfig) {
    this.#redis = redis;
    this.#c = config;
    this.#outbox = new RedisOutbox(redis, { ...config, owner: this.instanceId });
    redis.on('ready', () => this.#onReady());
    redis.on('close', () => this.#setUnavailable('connection closed'));
    redis.on('error', (error: Error) => {
      this.#lastError = safeMessage(error);
    });
    if (redis.status === 'ready') this.#onReady();
    else {
      this.#connecting = this.#waitReady(config.connectTimeoutMs).finally(() => {
        this.#connecting = undefined;
      });
    }
    const every = (ms: number, fn: () => Promise<unknown>): void => {
      const timer = setInterval(() => {
        if (this.#available) fn().catch((error: unknown) => this.#failed(error));
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(Math.max(50, Math.floor(config.lockDurationMs / 3)), () => this.#heartbeat());
    every(config.stalledIntervalMs, () => this.#outbox.sweep());
  }

  add(item: OutboxItem): Promise<OutboxItem[] | undefined> | OutboxItem[] | undefined {
    if (this.#connecting !== undefined) return this.#connecting.then(() => this.add(item));
    if (!this.#available) return this.#spool(item);
    return this.#outbox.add(item).then(
      (evicted) => (evicted === 'self' ? [item] : evicted),
      (error: unknown) => {
        this.#failed(error);
        return this.#spool(item);
      },
    );
  }

  async claim(channel: string): Promise<OutboxItem | undefined> {
    await this.#connecting;
    let item: OutboxItem | undefined;
    if (this.#available) {
      try {
        item = await this.#outbox.claim(channel);
        if (item !== undefined) this.#held.add(item.id);
      } catch (error) {
        this.#failed(error);
      }
    }
    if (item === undefined) {
      item = await this.#c.fallback.claim(channel);
      if (item !== undefined) this.#fromFallback.add(item.id);
    }
    if (item !== undefined) {
      this.#current.set(channel, item.id);
      this.#channelOf.set(item.id, channel);
    }
    return item;
  }

  async ack(id: string): Promise<void> {
    const channel = this.#settled(id);
    if (this.#fromFallback.delete(id)) {
      await this.#finish(id, channel);
      return this.#c.fallback.ack(id);
    }
    await this.#toRedis(id, () => this.#outbox.ack(id, channel));
  }

  async release(item: OutboxItem): Promise<void> {
    this.#settled(item.id);
    if (this.#fromFallback.delete(item.id)) {
      await this.#finish(item.id, item.channel);
      return this.#c.fallback.release(item);
    }
    const copy = structuredClone(item);
    await this.#toRedis(item.id, () => this.#outbox.release(copy));
  }

  async deadLetter(item: OutboxItem, code: string): Promise<void> {
    this.#settled(item.id);
    if (this.#fromFallback.delete(item.id)) {
      await this.#finish(item.id, item.channel);
      return this.#c.fallback.deadLetter(item, code);
    }
    const copy = structuredClone(item);
    const at = Date.now();
    await this.#toRedis(item.id, () => this.#outbox.deadLetter(copy, code, at));
  }

  async deadLetters(limit = Number.POSITIVE_INFINITY): Promise<DeadLetter[]> {
    const local = await this.#c.fallback.deadLetters(limit);
    const shared = await this.#try(() => this.#outbox.deadLetters(limit), []);
    return [...shared, ...local].sort((a, b) => a.at - b.at).slice(0, limit);
  }

  async channels(): Promise<string[]> {
    const shared = await this.#try(() => this.#outbox.channels(), []);
    return [...new Set([...shared, ...(await this.#c.fallback.channels())])];
  }

  async depth(): Promise<OutboxDepth> {
    const shared = await this.#try(async () => {
      this.#lastDepth = await this.#outbox.depth();
      return this.#lastDepth;
    }, this.#lastDepth);
    const local = await this.#c.fallback.depth();
    const oldest = [shared.oldestAcceptedAt, local.oldestAcceptedAt].filter((v) => v !== undefined);
    return {
      pending: shared.pending + local.pending,
      inFlight: shared.inFlight + local.inFlight,
      ...(oldest.length > 0 ? { oldestAcceptedAt: Math.min(...oldest) } : {}),
    };
  }

  /**
   * Waits (up to `connectTimeoutMs`) for Redis, puts back claims of dead instances (expired locks) and of
   * this one, and returns how many items the shared outbox and the fallback hold.
   */
  async recover(): Promise<number> {
    await this.#connecting;
    const local = (await this.#c.fallback.recover?.()) ?? 0;
    const shared = await this.#try(async () => {
      await this.#outbox.expireOwned([...this.#held]);
      this.#held.clear();
      await this.#outbox.sweep(Number.MAX_SAFE_INTEGER);
      const depth = await this.#outbox.depth();
      return depth.pending + depth.inFlight;
    }, 0);
    return shared + local;
  }

  /**
   * Reserves this replica's next send slot on `channel` (GCRA across all replicas) and waits for it here,
   * then confirms at the server: a 429 pause set meanwhile by another replica moves this one to a new slot
   * after it, and a previous sender that went late pushes this one back too, so sends stay `intervalMs`
   * apart even when timers fire late. Resolves with 0 when it is time to send.
   */
  async reserve(channel: string, intervalMs: number): Promise<number> {
    // Unreachable Redis: the notifier's own per-channel pacer still holds for this replica.
    const id = this.#current.get(channel) ?? '';
    const slot = () => this.#try(() => this.#outbox.reserve(channel, intervalMs, this.#c.burst), 0);
    let wait = await slot();
    for (;;) {
      if (wait > 0) await sleep(wait);
      const check = await this.#try(() => this.#outbox.confirm(channel, intervalMs, id), GO);
      if (check.state === 'go' || this.#closed) return 0;
      wait = check.state === 'paused' ? await slot() : check.ms;
    }
  }

  async pause(channel: string, untilMs: number): Promise<void> {
    const duration = untilMs - Date.now();
    if (duration > 0) await this.#try(() => this.#outbox.pause(channel, duration), undefined);
  }

  /**
   * Cross-replica dedupe: the first caller for `fingerprint` within `windowMs` gets `'first'` (`SET NX PX`)
   * and posts; the others get `'repeat'` and call `countRepeat`. `'unavailable'` when Redis cannot be
   * asked: fail open (post), so nothing is lost while cut off.
   */
  async claimFingerprint(fingerprint: string, windowMs: number): Promise<'first' | 'repeat' | 'unavailable'> {
    return this.#try(() => this.#outbox.claimFingerprint(fingerprint, windowMs), 'unavailable' as const);
  }

  /** Counts one repeat into the fingerprint's group counter (same TTL as the claim); the new count, or -1 when Redis is unreachable. */
  async countRepeat(fingerprint: string): Promise<number> {
    return this.#try(() => this.#outbox.countRepeat(fingerprint), -1);
  }

  /** Repeats counted so far for `fingerprint` (for the first poster's `chat.update`); -1 when unreachable. */
  async repeats(fingerprint: string): Promise<number> {
    return this.#try(() => this.#outbox.repeats(fingerprint), -1);
  }

  /** The store's own health: Redis reachable, items spooled locally. */
  async storeHealth(): Promise<RedisStoreHealth> {
    const local = await this.#c.fallback.depth();
    const spooled = local.pending + local.inFlight;
    return {
      status: this.#available && spooled === 0 ? 'ok' : 'degraded',
      redis: this.#available ? 'ready' : 'unavailable',
      spooled,
      ...(this.#unavailableSince === undefined ? {} : { unavailableSince: this.#unavailableSince }),
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
      droppedWhileDraining: this.#droppedWhileDraining,
    };
  }

  /** Calls `listener` when Redis becomes unreachable or ready again; returns an unsubscribe function. */
  onHealthChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Moves the fallback into Redis (if reachable), gives up this instance's claims, disconnects. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#available) {
      await this.#drain();
      await this.#try(() => this.#outbox.expireOwned([...this.#held]), undefined);
    }
    this.#listeners.clear();
    await this.#redis.quit().catch(() => this.#redis.disconnect());
    await this.#c.fallback.close?.();
  }

  /** Forgets the claim bookkeeping of `id`; returns its channel ('' when unknown). */
  #settled(id: string): string {
    const channel = this.#channelOf.get(id) ?? '';
    this.#channelOf.delete(id);
    if (this.#current.get(channel) === id) this.#current.delete(channel);
    return channel;
  }

  /** Ends the channel's send of an item claimed from the fallback (Redis may have marked it in flight). */
  async #finish(id: string, channel: string): Promise<void> {
    if (channel !== '') await this.#try(() => this.#outbox.finish(id, channel), undefined);
  }

  #spool(item: OutboxItem): ReturnType<OutboxStore['add']> {
    return this.#c.fallback.add(item);
  }

  /** Runs a Redis operation on an item; when Redis cannot take it now, keeps it for the reconnect. */
  async #toRedis(id: string, op: () => Promise<void>): Promise<void> {
    await this.#connecting;
    const run = async (): Promise<void> => {
      await op();
      this.#held.delete(id);
      this.#pending.delete(id);
    };
    this.#pending.set(id, run);
    if (!this.#available) return;
    await run().catch((error: unknown) => this.#failed(error));
  }

  async #try<T>(op: () => Promise<T>, otherwise: T): Promise<T> {
    await this.#connecting;
    if (!this.#available) return otherwise;
    try {
      return await op();
    } catch (error) {
      this.#failed(error);
      return otherwise;
    }
  }

  async #heartbeat(): Promise<void> {
    const lost = await this.#outbox.heartbeat([...this.#held].filter((id) => !this.#pending.has(id)));
    for (const id of lost) this.#held.delete(id);
  }

  #onReady(): void {
    if (this.#closed) return;
    const wasDown = !this.#available;
    this.#available = true;
    this.#unavailableSince = undefined;
    if (wasDown && this.#everReady) this.#c.logger.info('Redis is reachable again', {});
    this.#everReady = true;
    void (async () => {
      for (const run of [...this.#pending.values()]) await run().catch((e: unknown) => this.#failed(e));
      if (this.#available) await this.#heartbeat().catch((e: unknown) => this.#failed(e));
      await this.#drain();
    })();
    if (wasDown) this.#emit();
  }

  #failed(error: unknown): void {
    this.#lastError = safeMessage(error);
    // A command refused by a live server (a script error) is not an outage; anything else is.
    if (this.#redis.status === 'ready' && !/timed out|Connection is closed|write/i.test(this.#lastError))
      return;
    this.#setUnavailable(this.#lastError);
    // A timeout on a socket ioredis still thinks is open: reconnect so 'ready' tells us when it answers.
    if (this.#redis.status === 'ready') this.#redis.disconnect(true);
  }

  #setUnavailable(reason: string): void {
    if (!this.#available || this.#closed) return;
    this.#available = false;
    this.#unavailableSince = Date.now();
    this.#c.logger.warn('Redis is unreachable; spooling to the local fallback', { reason });
    this.#emit();
  }

  #emit(): void {
    if (this.#listeners.size === 0) return;
    void this.storeHealth().then((health) => {
      for (const listener of this.#listeners) listener(health);
    });
  }

  #drain(): Promise<void> {
    this.#draining ??= this.#moveFallback().finally(() => {
      this.#draining = undefined;
      this.#emit();
    });
    return this.#draining;
  }

  async #moveFallback(): Promise<void> {
    const fallback = this.#c.fallback;
    for (const channel of await fallback.channels()) {
      for (let item = await fallback.claim(channel); item; item = await fallback.claim(channel)) {
        if (!this.#available) return fallback.release(item);
        let evicted: OutboxItem[] | 'self';
        try {
          evicted = await this.#outbox.add(item);
        } catch (error) {
          await fallback.release(item);
          return this.#failed(error);
        }
        await fallback.ack(item.id);
        const lost = evicted === 'self' ? 1 : evicted.length;
        if (lost > 0) {
          this.#droppedWhileDraining += lost;
          this.#c.logger.warn('Redis outbox full while moving the fallback back; items evicted', { lost });
        }
      }
    }
  }

  #waitReady(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.#redis.once('ready', done);
    });
  }
}

const GO = { state: 'go', ms: 0 } as const;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An error's message, with any `user:password@` taken out. */
function safeMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^@/\s]*@/g, '//[REDACTED]@');
}
