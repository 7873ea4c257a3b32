import type { OutboxItem, OutboxStore } from '@backend-notifier/core';
import type { RedisLink } from './redis-link.js';
import type { RedisOutbox } from './redis-outbox.js';

/** What moving the fallback back did. */
export interface MoveResult {
  /** Channels that got items (to wake idle replicas for). */
  channels: Set<string>;
  /** Items Redis evicted to make room (a full outbox), counted and logged. */
  lost: number;
}

/**
 * Moves what waits in the local fallback into Redis, one item at a time (claim in the fallback, add to
 * Redis, ack in the fallback), stopping as soon as Redis fails again. Items the replica is sending from the
 * fallback right now stay there until they settle. A second add of an id Redis already has is ignored.
 */
export async function moveFallback(
  fallback: OutboxStore,
  outbox: RedisOutbox,
  link: RedisLink,
  moved: (id: string) => void = () => {},
): Promise<MoveResult> {
  const result: MoveResult = { channels: new Set(), lost: 0 };
  for (const channel of await fallback.channels()) {
    for (let item = await fallback.claim(channel); item; item = await fallback.claim(channel)) {
      if (!link.available) {
        await fallback.release(item);
        return result;
      }
      let evicted: OutboxItem[] | 'self';
      try {
        evicted = await outbox.add(item);
      } catch (error) {
        await fallback.release(item);
        link.failed(error);
        return result;
      }
      await fallback.ack(item.id);
      moved(item.id);
      result.channels.add(channel);
      result.lost += evicted === 'self' ? 1 : evicted.length;
    }
  }
  return result;
}
