import { randomUUID } from 'node:crypto';
import type {
  ConversationStore,
  DeadLetter,
  DeliveryOutcome,
  HealthCheck,
  OutboxDepth,
  OutboxItem,
  OutboxStore,
  StoreLoss,
} from '@backend-notifier/core';
import type { Redis } from 'ioredis';
import { DataSetWatch } from './data-set-watch.js';
import { moveFallback } from './move-fallback.js';
import { createRedisConversationStore } from './redis-conversation-store.js';
import { RedisLink } from './redis-link.js';
import { RedisNotices } from './redis-notices.js';
import { RedisOutbox } from './redis-outbox.js';
import { createRedisSharedBudget, type RedisSharedBudget } from './redis-shared-budget.js';
import type { RedisStoreHealth } from './redis-store-options.js';
import { requeueItems } from './requeue-items.js';
import { storeHealthCheck } from './store-health-check.js';
import { waitForSendSlot } from './wait-for-send-slot.js';

/** Resolved settings of a `RedisStore`. */
export interface RedisStoreConfig {
  prefix: string;
  maxItems: number;
  maxDeadLetters: number;
  lockDurationMs: number;
  sendTimeoutMs: number;
  strictSpacing: boolean;
  stalledIntervalMs: number;
  burst: number;
  connectTimeoutMs: number;
  lossGraceMs: number;
  fallback: OutboxStore;
  /** @default 10000 */
  maxConversations?: number;
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
  /**
   * Several replicas share it: any replica may deliver an item another accepted; the notifier then counts
   * per process and learns its own items' outcomes through `watchOutcomes`.
   */
  readonly shared = true;
  /** This instance's id, written next to its claims in Redis (so only it renews their locks). */
  readonly instanceId = randomUUID();
  /** Conversation state shared by the replicas (one Slack message per key, whichever replica sees it). */
  readonly conversations: ConversationStore;
  /** The notifier's Slack budget buckets (chat.update, each tier) shared by the replicas: see createGateway. */
  readonly sharedBudget: RedisSharedBudget;
  readonly #link: RedisLink;
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
  /** The data set marker each id claimed from Redis was claimed under (a release after a loss stores it again). */
  readonly #claimEpoch = new Map<string, string>();
  /** Ids `add` spooled to the fallback that are still there (not stored again after a loss: no second copy). */
  readonly #spooled = new Set<string>();
  /** Acks, releases and dead letters of Redis items that could not reach Redis yet. */
  readonly #pending = new Map<string, () => Promise<void>>();
  /** Channels of releases kept for the reconnect: once replayed, their items wait again and lanes must look. */
  readonly #released = new Set<string>();
  readonly #listeners = new Set<Listener>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #notices: RedisNotices;
  readonly #dataSet: DataSetWatch;
  #lastDepth: OutboxDepth = { pending: 0, inFlight: 0 };
  #draining: Promise<void> | undefined;
  #droppedWhileDraining = 0;
  /** Items stored again after losses (`requeue`), for `storeHealth()`. */
  #requeued = 0;
  #closed = false;

  constructor(redis: Redis, config: RedisStoreConfig) {
    this.#c = config;
    this.conversations = createRedisConversationStore(redis, {
      prefix: config.prefix,
      maxConversations: config.maxConversations ?? 10_000,
      ready: () => this.#link.connecting,
    });
    this.#outbox = new RedisOutbox(redis, { ...config, owner: this.instanceId });
    this.#link = new RedisLink(redis, config.connectTimeoutMs, (up, first) => this.#changed(up, first));
    this.sharedBudget = createRedisSharedBudget(this.#outbox, this.#link);
    this.#notices = new RedisNotices(redis, config.prefix, this.instanceId);
    this.#dataSet = new DataSetWatch(redis, this.#outbox, {
      instanceId: this.instanceId,
      graceMs: config.lossGraceMs,
      warn: (m, meta) => config.logger.warn(m, meta),
    });
    const every = (ms: number, fn: () => Promise<unknown>): void => {
      const timer = setInterval(() => {
        if (this.#link.available) fn().catch((error: unknown) => this.#link.failed(error));
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(Math.max(50, Math.floor(config.lockDurationMs / 3)), async () => {
      await this.#dataSet.check(false);
      await this.#heartbeat();
    });
    every(config.stalledIntervalMs, () => this.#outbox.sweep());
  }

  add(item: OutboxItem): Promise<OutboxItem[] | undefined> | OutboxItem[] | undefined {
    const link = this.#link;
    if (link.connecting !== undefined) return link.connecting.then(() => this.add(item));
    if (!link.available) return this.#spool(item);
    return this.#outbox.add(item).then(
      (evicted) => (evicted === 'self' ? [item] : evicted),
      (error: unknown) => {
        link.failed(error);
        return this.#spool(item);
      },
    );
  }

  /** Adds to the fallback, remembering which ids wait there. */
  async #spool(item: OutboxItem): Promise<OutboxItem[] | undefined> {
    this.#spooled.add(item.id);
    const evicted = await this.#c.fallback.add(item);
    for (const victim of evicted ?? []) this.#spooled.delete(victim.id);
    return evicted;
  }

  async claim(channel: string): Promise<OutboxItem | undefined> {
    const candidate = this.#dataSet.candidate();
    const claimed = await this.#link.try(() => this.#outbox.claim(channel, candidate), undefined);
    let item = claimed?.item;
    if (claimed !== undefined) {
      this.#held.add(claimed.item.id);
      this.#claimEpoch.set(claimed.item.id, claimed.epoch);
      this.#dataSet.seen(claimed.epoch);
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
      this.#spooled.delete(id);
      await this.#finish(id, channel);
      return this.#c.fallback.ack(id);
    }
    this.#claimEpoch.delete(id);
    await this.#toRedis(id, () => this.#outbox.ack(id, channel));
  }

  async release(item: OutboxItem): Promise<void> {
    this.#settled(item.id);
    if (this.#fromFallback.delete(item.id)) {
      await this.#finish(item.id, item.channel);
      return this.#c.fallback.release(item);
    }
    const copy = structuredClone(item);
    const epoch = this.#claimEpoch.get(item.id) ?? '';
    this.#claimEpoch.delete(item.id);
    await this.#toRedis(item.id, () => this.#outbox.release(copy, epoch), item.channel);
  }

  async deadLetter(item: OutboxItem, code: string): Promise<void> {
    this.#settled(item.id);
    if (this.#fromFallback.delete(item.id)) {
      this.#spooled.delete(item.id);
      await this.#finish(item.id, item.channel);
      return this.#c.fallback.deadLetter(item, code);
    }
    this.#claimEpoch.delete(item.id);
    const copy = structuredClone(item);
    const at = Date.now();
    await this.#toRedis(item.id, () => this.#outbox.deadLetter(copy, code, at));
  }

  async deadLetters(limit = Number.POSITIVE_INFINITY): Promise<DeadLetter[]> {
    const local = await this.#c.fallback.deadLetters(limit);
    const shared = await this.#link.try(() => this.#outbox.deadLetters(limit), []);
    return [...shared, ...local].sort((a, b) => a.at - b.at).slice(0, limit);
  }

  async channels(): Promise<string[]> {
    const shared = await this.#link.try(() => this.#outbox.channels(), []);
    return [...new Set([...shared, ...(await this.#c.fallback.channels())])];
  }

  async depth(): Promise<OutboxDepth> {
    const shared = await this.#link.try(async () => {
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
    await this.#link.connecting;
    const local = (await this.#c.fallback.recover?.()) ?? 0;
    const shared = await this.#link.try(async () => {
      await this.#outbox.expireOwned([...this.#held]);
      this.#held.clear();
      await this.#outbox.sweep(Number.MAX_SAFE_INTEGER);
      const depth = await this.#outbox.depth();
      return depth.pending + depth.inFlight;
    }, 0);
    return shared + local;
  }

  /**
   * Waits here for this replica's next send slot on `channel`, shared by all replicas (see
   * `waitForSendSlot`), and resolves with 0 when it is time to send.
   */
  async reserve(channel: string, intervalMs: number): Promise<number> {
    const id = this.#current.get(channel) ?? '';
    await waitForSendSlot(
      this.#outbox,
      this.#link,
      { channel, id, intervalMs, burst: this.#c.burst },
      () => this.#closed,
    );
    return 0;
  }

  async pause(channel: string, untilMs: number): Promise<void> {
    const duration = untilMs - Date.now();
    if (duration > 0) await this.#link.try(() => this.#outbox.pause(channel, duration), undefined);
  }

  /**
   * Cross-replica dedupe: the first caller for `fingerprint` within `windowMs` gets `'first'` (`SET NX PX`)
   * and posts; the others get `'repeat'` and call `countRepeat`. `'unavailable'` when Redis cannot be
   * asked: fail open (post), so nothing is lost while cut off.
   */
  async claimFingerprint(fingerprint: string, windowMs: number): Promise<'first' | 'repeat' | 'unavailable'> {
    return this.#link.try(() => this.#outbox.claimFingerprint(fingerprint, windowMs), 'unavailable' as const);
  }

  /** Counts one repeat into the fingerprint's group counter (same TTL as the claim); the new count, or -1 when Redis is unreachable. */
  async countRepeat(fingerprint: string): Promise<number> {
    return this.#link.try(() => this.#outbox.countRepeat(fingerprint), -1);
  }

  /** Repeats counted so far for `fingerprint` (for the first poster's `chat.update`); -1 when unreachable. */
  async repeats(fingerprint: string): Promise<number> {
    return this.#link.try(() => this.#outbox.repeats(fingerprint), -1);
  }

  /** The store's own health: Redis reachable, items spooled locally. */
  async storeHealth(): Promise<RedisStoreHealth> {
    const local = await this.#c.fallback.depth();
    const spooled = local.pending + local.inFlight;
    const { available, unavailableSince, lastError } = this.#link;
    return {
      status: available && spooled === 0 ? 'ok' : 'degraded',
      redis: available ? 'ready' : 'unavailable',
      spooled,
      ...(unavailableSince === undefined ? {} : { unavailableSince }),
      ...(lastError === undefined ? {} : { lastError }),
      droppedWhileDraining: this.#droppedWhileDraining,
      ...(this.#dataSet.lastLoss === undefined ? {} : { lastLoss: this.#dataSet.lastLoss }),
      requeued: this.#requeued,
    };
  }

  /** The store's health as a notifier health check (`name: 'store'`, see `storeHealthCheck`). */
  async health(): Promise<HealthCheck> {
    return storeHealthCheck(await this.storeHealth());
  }

  /**
   * Calls `listener(channel)` when work for `channel` appears that no replica may be looking at: claims of a
   * dead replica that expired and went back to waiting, or a replica's fallback moved back into Redis.
   * A notifier wakes that channel's lane on it (otherwise it finds the work at its next periodic check).
   * Returns an unsubscribe function.
   */
  watch(listener: (channel: string) => void): () => void {
    if (this.#closed) return () => false;
    return this.#notices.watch(listener);
  }

  /**
   * Tells the replica that accepted an item how it ended here (pub/sub on `P:outcome`; while Redis is
   * unreachable the notice is kept, up to 1000, and published after the reconnect). Carries the id, status, channel id and ts, or the error code,
   * and this instance's id; never the message or a secret.
   */
  async publishOutcome(channel: string, outcome: DeliveryOutcome): Promise<void> {
    await this.#link.connecting;
    await this.#notices
      .publishOutcome(channel, outcome, this.#link.available)
      .catch((error: unknown) => this.#link.failed(error));
  }

  /**
   * Calls `listener(channel, outcome)` for outcomes other replicas published (`publishOutcome`), over the
   * same subscriber connection as `watch()`; subscribed again after each reconnect. Returns an unsubscribe
   * function.
   */
  watchOutcomes(listener: (channel: string, outcome: DeliveryOutcome) => void): () => void {
    if (this.#closed) return () => false;
    return this.#notices.watchOutcomes(listener);
  }

  /**
   * Calls `listener(loss)` when Redis lost the outbox behind the replicas' backs (restarted without
   * persistence, flushed; see `DataSetWatch`), `lossGraceMs` after this instance noticed. The notifier then
   * hands its unsettled items back (`requeue`). With nobody listening the store logs the loss itself.
   */
  watchLoss(listener: (loss: StoreLoss) => void): () => void {
    return this.#dataSet.watch(listener);
  }

  /**
   * Stores again, after a loss, items the notifier still holds. Skipped: items this instance is sending
   * (their ack or release decides; a release of an item claimed before the loss stores it again) and items
   * waiting in the local fallback. Ignored by Redis: ids it has, and ids settled since the loss (another
   * replica sent them during the outage). Refused, and returned: items that find the outbox full. While Redis
   * is unreachable they go to the fallback (whose evictions are returned too).
   */
  async requeue(items: OutboxItem[]): Promise<OutboxItem[]> {
    await this.#link.connecting;
    const result = await requeueItems(
      items.filter((item) => !this.#channelOf.has(item.id) && !this.#spooled.has(item.id)),
      this.#outbox,
      this.#link,
      (item) => this.#spool(item),
    );
    this.#requeued += result.requeued;
    await this.#wake(result.channels);
    return result.refused;
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
    if (this.#link.available) {
      await this.#drain();
      await this.#link.try(() => this.#outbox.expireOwned([...this.#held]), undefined);
    }
    this.#listeners.clear();
    this.#dataSet.close();
    this.#notices.close();
    await this.#link.close();
    await this.#c.fallback.close?.();
  }

  /** Forgets the claim bookkeeping of `id` (but its claim marker, for a release); returns its channel ('' when unknown). */
  #settled(id: string): string {
    const channel = this.#channelOf.get(id) ?? '';
    this.#channelOf.delete(id);
    if (this.#current.get(channel) === id) this.#current.delete(channel);
    return channel;
  }

  /** Ends the channel's send of an item claimed from the fallback (Redis may have marked it in flight). */
  async #finish(id: string, channel: string): Promise<void> {
    if (channel !== '') await this.#link.try(() => this.#outbox.finish(id, channel), undefined);
  }

  /** Runs a Redis operation on an item; when Redis cannot take it now, keeps it for the reconnect. */
  async #toRedis(id: string, op: () => Promise<void>, released?: string): Promise<void> {
    await this.#link.connecting;
    const run = async (): Promise<void> => {
      await op();
      this.#held.delete(id);
      this.#pending.delete(id);
    };
    this.#pending.set(id, run);
    if (!this.#link.available) {
      if (released !== undefined) this.#released.add(released);
      return;
    }
    await run().catch((error: unknown) => this.#link.failed(error));
  }

  async #heartbeat(): Promise<void> {
    const lost = await this.#outbox.heartbeat([...this.#held].filter((id) => !this.#pending.has(id)));
    for (const id of lost) this.#held.delete(id);
  }

  /** Redis went away or came back: tell the listeners; on return, replay, renew, move the fallback back. */
  #changed(up: boolean, first: boolean): void {
    if (this.#closed) return;
    if (!up)
      this.#c.logger.warn('Redis is unreachable; spooling to the local fallback', {
        reason: this.#link.lastError,
      });
    else if (!first) this.#c.logger.info('Redis is reachable again', {});
    if (up) {
      void (async () => {
        const fail = (e: unknown) => this.#link.failed(e);
        // What was kept while Redis was down, taken now: an operation started after this runs on its own.
        const kept = [...this.#pending.values()];
        // Did Redis come back without the outbox? (Replays need not wait: a release of an item claimed
        // before a loss stores it again, an ack leaves a tombstone, both decided in their scripts.)
        await this.#dataSet.check(true).catch(fail);
        for (const run of kept) await run().catch(fail);
        // A lane that found nothing while Redis was down is idle: without this, an item released meanwhile
        // would wait for its lock to expire or the notifier's periodic check (60 s by default).
        if (this.#link.available && this.#pending.size === 0) {
          const channels = [...this.#released];
          this.#released.clear();
          await this.#wake(channels);
        }
        if (this.#link.available) await this.#notices.resend().catch(fail);
        if (this.#link.available) await this.#heartbeat().catch(fail);
        await this.#drain();
      })();
    }
    if (!first) this.#emit();
  }

  /**
   * Work appeared on `channels`: wakes this process's lanes at once (its own subscriber may not be back yet
   * after a reconnect) and the other replicas' through `P:work`.
   */
  async #wake(channels: Iterable<string>): Promise<void> {
    const topic = `${this.#c.prefix}:work`;
    for (const channel of channels) {
      this.#notices.wake(channel);
      await this.#link.try(() => this.#link.redis.publish(topic, channel), 0);
    }
  }

  #emit(): void {
    if (this.#listeners.size === 0) return;
    void this.storeHealth().then((health) => {
      for (const listener of this.#listeners) listener(health);
    });
  }

  #drain(): Promise<void> {
    this.#draining ??= moveFallback(this.#c.fallback, this.#outbox, this.#link, (id) =>
      this.#spooled.delete(id),
    )
      .then(async ({ channels, lost }) => {
        if (lost > 0) {
          this.#droppedWhileDraining += lost;
          this.#c.logger.warn('Redis outbox full while moving the fallback back; items evicted', { lost });
        }
        await this.#wake(channels);
      })
      .finally(() => {
        this.#draining = undefined;
        this.#emit();
      });
    return this.#draining;
  }
}
