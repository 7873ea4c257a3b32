import type { OutboxStore } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { Ledger } from './ledger.js';

/**
 * A durable store that keeps drop counters across restarts (`recordDrop`, `dropCounts`). This is how the
 * ledger records a drop in it: persisting a counter never breaks the pipeline, the in-process count stands.
 */
export function dropRecorder(store: OutboxStore): ((reason: string, count: number) => void) | undefined {
  if (store.recordDrop === undefined) return undefined;
  return (reason, count) => {
    try {
      const r = store.recordDrop?.(reason, count);
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      // The in-process count stands.
    }
  };
}

/** The drop counts the store kept from earlier runs seed the ledger (read before anything is added). */
export function seedStoredDrops(ledger: Ledger, store: OutboxStore, logger: GuardedLogger): void {
  try {
    const counts = store.dropCounts?.();
    if (counts instanceof Promise) {
      counts.then(
        (c) => ledger.seedDrops(c),
        () => undefined,
      );
    } else if (counts !== undefined) ledger.seedDrops(counts);
  } catch (error) {
    logger.log('warn', 'could not read the stored drop counts', { error: String(error) });
  }
}
