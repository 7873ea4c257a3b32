import type { OutboxItem, OutboxStore } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';

/** The memory outbox dies with the process: what is still waiting is dropped with `reason`, and counted. */
export async function dropLeftovers(
  store: OutboxStore,
  drop: (item: OutboxItem, reason: string) => void,
  reason: string,
): Promise<void> {
  if (store.durable) return;
  for (const channel of await store.channels()) {
    for (let item = await store.claim(channel); item; item = await store.claim(channel)) {
      await store.ack(item.id);
      drop(item, reason);
    }
  }
}

/** The one line close() writes about what it could not deliver: dropped (memory) or kept (durable). */
export function reportLeftovers(logger: GuardedLogger, dropped: number, kept: number, reason: string): void {
  if (dropped > 0) {
    logger.log('warn', `${dropped} message(s) not delivered before the notifier closed; dropped`, {
      dropped,
      reason,
    });
  } else if (kept > 0) {
    logger.log('warn', `${kept} message(s) not delivered yet; kept in the store for the next start`, {
      kept,
    });
  }
}
