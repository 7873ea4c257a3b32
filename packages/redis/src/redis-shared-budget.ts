import type { RedisLink } from './redis-link.js';
import type { RedisOutbox } from './redis-outbox.js';

/**
 * The shape of core's `SharedBudget` (the notifier's `budget.shared`): slots of one Slack budget bucket
 * shared by every replica.
 */
export interface RedisSharedBudget {
  /** Takes the bucket's next slot for all replicas (GCRA in one script, see RESERVE); ms to wait for it. */
  reserve(key: string, intervalMs: number, burst: number): Promise<number>;
  /** A 429 for the bucket: no replica calls that method (or channel) for `durationMs`. */
  pause(key: string, durationMs: number): Promise<void>;
}

/** Budget buckets live beside the channels' send slots, under a name no channel can have. */
const bucketName = (key: string) => `budget|${key}`;

/**
 * Every Slack budget bucket of the notifier (chat.update and each tiered method per workspace) shared by the
 * replicas on one Redis: the same GCRA script as the channels' send slots (RESERVE: the next slot is
 * reserved atomically, slots exactly `intervalMs` apart, `burst` only after idle time), and a 429 pause
 * seen by every replica. Posts are left out: the outbox already paces them across replicas per channel
 * (`reserve` + CONFIRM, one send in flight per channel), and a second reservation would only add a round trip.
 * Redis unreachable: no wait (each replica's own budget still holds its pace).
 */
export function createRedisSharedBudget(outbox: RedisOutbox, link: RedisLink): RedisSharedBudget {
  return {
    reserve(key, intervalMs, burst) {
      if (key.startsWith('chat.postMessage:')) return Promise.resolve(0);
      return link.try(() => outbox.reserve(bucketName(key), intervalMs, burst), 0);
    },
    async pause(key, durationMs) {
      if (key.startsWith('chat.postMessage:')) return;
      await link.try(() => outbox.pause(bucketName(key), durationMs), undefined);
    },
  };
}
