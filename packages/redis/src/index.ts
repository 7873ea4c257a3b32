/**
 * `@backend-notifier/redis`: a shared outbox for many replicas on Redis (pacing across replicas, a 429
 * pause seen by all, cross-replica dedupe, recovery of a dead replica's claims, a local fallback while Redis
 * is unreachable).
 */
export { createRedisStore } from './create-redis-store.js';
export type { RedisStore } from './redis-store.js';
export type { RedisStoreHealth, RedisStoreOptions } from './redis-store-options.js';
