import type { Logger, OutboxStore } from '@backend-notifier/core';
import type { RedisOptions } from 'ioredis';

/** Options of `createRedisStore`. */
export interface RedisStoreOptions {
  /**
   * Redis URL: `redis://[user:password@]host:port[/db]`, `rediss://` for TLS. Ignored when `connection` is
   * given. The URL (and its password) is never logged or stored.
   * @default 'redis://127.0.0.1:6379'
   */
  url?: string;
  /**
   * ioredis connection options (host, port, password, tls, db…), instead of `url`. The store always sets its
   * own `enableOfflineQueue: false`, `maxRetriesPerRequest: 0` and `commandTimeout`, so a command never
   * waits for a lost Redis: it fails at once and the store spools to `fallback`.
   * @default undefined (use `url`)
   */
  connection?: RedisOptions;
  /**
   * Prefix of every key. Replicas that share an outbox use the same prefix; use a `{hash-tag}` (e.g.
   * `'{bn}'`) on Redis Cluster so every key lands in one slot.
   * @default 'backend-notifier'
   */
  prefix?: string;
  /** Most items held in Redis (waiting + in flight, all replicas); a full outbox evicts lowest priority, oldest first. @default 10000 */
  maxItems?: number;
  /** Most dead letters kept in Redis; the oldest go first. @default 1000 */
  maxDeadLetters?: number;
  /** Conversations kept in Redis (all replicas); past it, resolved ones are evicted first. @default 10000 */
  maxConversations?: number;
  /**
   * How long a claim stays locked without renewal. A live replica renews its claims every third of this;
   * a claim of a dead (SIGKILLed, partitioned) replica expires after it and goes back to waiting, marked
   * ambiguous (the notifier looks it up in the channel history before posting it again).
   * @default 30000
   */
  lockDurationMs?: number;
  /**
   * How often each replica sweeps expired claims back to waiting (claims and `channels()` sweep too, so a
   * busy channel picks them up sooner). A dead replica's items are re-sent within
   * `lockDurationMs + stalledIntervalMs` once a live replica looks at the channel.
   * @default 30000
   */
  stalledIntervalMs?: number;
  /**
   * `true`: across all replicas a channel has one send in flight at a time, and the next starts at least
   * one interval after the previous one *finished* (its request reached Slack before that), so every gap
   * Slack sees is at least the interval however late a process is scheduled: a limiter at exactly the rate
   * refuses none. The price is the send latency on each gap (interval + latency). `false`: sends are spaced
   * one interval from the previous *start* (full rate; a replica stalled between the check and the wire
   * can shorten one gap).
   * @default true
   */
  strictSpacing?: boolean;
  /**
   * With `strictSpacing`, across all replicas a channel has one send in flight at a time: the next one starts after it finished
   * (and a gap). A sender that dies mid-send holds its channel at most this long; keep it above the
   * notifier's `timeoutMs`.
   * @default 15000
   */
  sendTimeoutMs?: number;
  /** Requests a channel may send back to back across all replicas (the notifier's `burst`). @default 1 */
  burst?: number;
  /** Timeout of each Redis command; a timed-out command counts as Redis unreachable. @default 1000 */
  commandTimeoutMs?: number;
  /** How long `recover()` (at notifier start) waits for the first connection before using the fallback alone. @default 5000 */
  connectTimeoutMs?: number;
  /**
   * Where items go while Redis is unreachable: the replica keeps delivering from it (paced locally) and
   * moves what is left into Redis once Redis is back. Pass a SQLite store to survive a crash during an
   * outage.
   * @default createMemoryStore({ maxItems })
   */
  fallback?: OutboxStore;
  /**
   * How long after noticing that Redis lost the outbox (a restart without persistence, a flush) the store
   * tells the notifier, which then stores its unsettled items again. The other replicas reconnect and
   * settle what they sent during an outage meanwhile (each settled id leaves a 15-minute tombstone), so
   * those are not stored again behind them.
   * @default 2000
   */
  lossGraceMs?: number;
  /** Warnings about Redis going away and coming back (never the URL or a password). @default silent */
  logger?: Pick<Logger, 'warn' | 'info'>;
}

/** The store's view of Redis, for health checks (`storeHealth()`, `onHealthChange`). */
export interface RedisStoreHealth {
  /** `degraded` while Redis is unreachable or items still wait in the fallback. */
  status: 'ok' | 'degraded';
  redis: 'ready' | 'unavailable';
  /** Items in the local fallback (waiting or in flight). */
  spooled: number;
  /** Epoch ms when Redis became unreachable (absent while it is ready). */
  unavailableSince?: number;
  /** The last Redis error, without host credentials. */
  lastError?: string;
  /** Items Redis refused (evicted, outbox full) while the fallback was moved back in. */
  droppedWhileDraining: number;
  /** The last time Redis lost the outbox (restarted without persistence, flushed), as this instance saw it. */
  lastLoss?: { at: number; detail: string };
  /** Items this instance stored again after such losses (`requeue`). */
  requeued: number;
}
