import type { HealthCheck } from '@backend-notifier/core';
import type { RedisStoreHealth } from './redis-store-options.js';

/**
 * The store's health as a notifier health check (`name: 'store'`): degraded while Redis is unreachable or
 * items wait in the local fallback; the last time Redis lost the outbox is named in the detail (the
 * notifier's own check `store_loss` carries its status).
 */
export function storeHealthCheck(h: RedisStoreHealth): HealthCheck {
  const detail =
    h.redis === 'ready'
      ? h.spooled > 0
        ? `Redis reachable; ${h.spooled} item(s) still in the local fallback`
        : 'Redis reachable'
      : `Redis unreachable since ${new Date(h.unavailableSince ?? Date.now()).toISOString()}; ${h.spooled} item(s) spooled locally`;
  const loss = h.lastLoss
    ? `; ${h.lastLoss.detail} at ${new Date(h.lastLoss.at).toISOString()} (${h.requeued} item(s) stored again)`
    : '';
  return { name: 'store', status: h.status, detail: detail + loss, value: h.spooled };
}
