import { createMemoryStore } from '@backend-notifier/core';
import { Redis, type RedisOptions } from 'ioredis';
import { RedisStore } from './redis-store.js';
import type { RedisStoreOptions } from './redis-store-options.js';

const silent = { warn: () => {}, info: () => {} };

/**
 * A shared outbox for many replicas, on Redis: one queue per channel ordered by priority then age, claims
 * with renewed locks (a dead replica's claims come back after `lockDurationMs`), pacing that holds across
 * replicas (`reserve`), a 429 pause seen by all (`pause`), cross-replica dedupe (`claimFingerprint`), and a
 * local fallback while Redis is unreachable.
 *
 * @example
 * const store = createRedisStore({ url: process.env.REDIS_URL });
 * const notifier = createNotifier({ token, channel: 'alerts', store });
 */
export function createRedisStore(options: RedisStoreOptions = {}): RedisStore {
  const maxItems = options.maxItems ?? 10_000;
  const commandTimeout = options.commandTimeoutMs ?? 1000;
  // Fail fast instead of queueing: a command that cannot run now makes the store spool to the fallback.
  const own: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout,
    connectTimeout: Math.max(commandTimeout, 1000),
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
  };
  const redis =
    options.connection !== undefined
      ? new Redis({ ...options.connection, ...own })
      : new Redis(options.url ?? 'redis://127.0.0.1:6379', own);
  return new RedisStore(redis, {
    prefix: options.prefix ?? 'backend-notifier',
    maxItems,
    maxDeadLetters: options.maxDeadLetters ?? 1000,
    lockDurationMs: options.lockDurationMs ?? 30_000,
    sendTimeoutMs: options.sendTimeoutMs ?? 15_000,
    strictSpacing: options.strictSpacing ?? true,
    stalledIntervalMs: options.stalledIntervalMs ?? 30_000,
    burst: options.burst ?? 1,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    lossGraceMs: options.lossGraceMs ?? 2000,
    fallback: options.fallback ?? createMemoryStore({ maxItems }),
    maxConversations: options.maxConversations ?? 10_000,
    logger: options.logger ?? silent,
  });
}
