import type { OutboxStore } from '../types.js';
import type { DeliveryStats } from './delivery-stats.js';
import type { GuardedLogger } from './guarded-logger.js';

/**
 * A durable store that keeps drop counters across restarts (`recordDrop`, `dropCounts`): the counts it kept
 * from earlier runs seed the stats (read before anything is added), and every drop decided here is recorded
 * in it. Persisting a counter never breaks the pipeline: the in-process count stands.
 */
export function persistDrops(stats: DeliveryStats, store: OutboxStore, logger: GuardedLogger): void {
  if (store.recordDrop !== undefined) {
    stats.onDrop = (reason, count) => {
      try {
        const r = store.recordDrop?.(reason, count);
        if (r instanceof Promise) r.catch(() => undefined);
      } catch {
        // The in-process count stands.
      }
    };
  }
  try {
    const counts = store.dropCounts?.();
    if (counts instanceof Promise) {
      counts.then(
        (c) => stats.seedDrops(c),
        () => undefined,
      );
    } else if (counts !== undefined) stats.seedDrops(counts);
  } catch (error) {
    logger.log('warn', 'could not read the stored drop counts', { error: String(error) });
  }
}
