import type { OutboxItem } from '@backend-notifier/core';
import type { RedisLink } from './redis-link.js';
import type { RedisOutbox, RequeueAnswer } from './redis-outbox.js';

/** What storing items again after a loss did. */
export interface RequeueResult {
  /** Stored again in Redis (or in the fallback while Redis is unreachable). */
  requeued: number;
  /** Channels that got items (to wake idle replicas for). */
  channels: Set<string>;
  /** Items that found the outbox full, and the fallback's evictions: the notifier counts them as lost. */
  refused: OutboxItem[];
}

/** Items stored again per round of concurrent scripts (ioredis writes them back to back: one round trip). */
const BATCH = 200;

/**
 * Stores `items` again after Redis lost the outbox, one script each (ADD's requeue mode): ids Redis has are
 * ignored, ids settled since the loss too (tombstones), and a full outbox refuses instead of evicting. When
 * Redis fails midway the rest go to the fallback through `spool`, as a new item would.
 */
export async function requeueItems(
  items: OutboxItem[],
  outbox: RedisOutbox,
  link: RedisLink,
  spool: (item: OutboxItem) => Promise<OutboxItem[] | undefined>,
): Promise<RequeueResult> {
  const result: RequeueResult = { requeued: 0, channels: new Set(), refused: [] };
  const toFallback = async (item: OutboxItem): Promise<void> => {
    const evicted = (await spool(item)) ?? [];
    result.refused.push(...evicted);
    if (!evicted.includes(item)) result.requeued++;
  };
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    if (!link.available) {
      for (const item of batch) await toFallback(item);
      continue;
    }
    const answers = await Promise.all(
      batch.map((item) =>
        outbox.requeue(item).catch((error: unknown): RequeueAnswer | 'failed' => {
          link.failed(error);
          return 'failed';
        }),
      ),
    );
    for (const [j, answer] of answers.entries()) {
      const item = batch[j] as OutboxItem;
      if (answer === 'failed') await toFallback(item);
      else if (answer === 'full') result.refused.push(item);
      else if (answer === 'ok') {
        result.requeued++;
        result.channels.add(item.channel);
      }
    }
  }
  return result;
}
