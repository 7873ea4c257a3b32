import type { DeliveryOutcome, OutboxItem, OutboxStore, StoreLoss } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';

/** What the notifier does with a shared store's notices. */
export interface StoreNotices {
  /** Work appeared on `channel` that this process would not otherwise notice: wake its lane. */
  kick(channel: string): void;
  /** Another process settled an item; the notifier ignores it unless it accepted that item itself. */
  outcome(item: OutboxItem, outcome: DeliveryOutcome): void;
  /** The store lost items behind the notifier's back: re-queue what this process holds, count the rest. */
  loss?(loss: StoreLoss): void;
}

/**
 * Subscribes to a shared store's optional notices (`watch`, `watchOutcomes`, `watchLoss`), so an idle replica
 * picks up a dead replica's messages at once instead of at its next periodic check, a replica learns how its
 * own items ended when another one settled them, and what the store lost behind its back is re-queued or
 * counted. Returns the function that unsubscribes from both (idempotent).
 * A listener never throws into the store.
 */
export function subscribeStore(store: OutboxStore, notices: StoreNotices, logger: GuardedLogger): () => void {
  const stops: (() => void)[] = [];
  const guard =
    <A extends unknown[]>(what: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (error) {
        logger.log('warn', `store ${what} notice failed`, { error: String(error) });
      }
    };
  try {
    if (store.watch !== undefined) {
      stops.push(store.watch(guard('work', (channel: string) => notices.kick(channel))));
    }
    if (store.watchOutcomes !== undefined) {
      stops.push(
        store.watchOutcomes(
          guard('outcome', (channel: string, outcome: DeliveryOutcome) => {
            // Only the fields settling looks at: the id (receipt, groups) and the channel (its lane).
            notices.outcome({ id: outcome.id, channel } as OutboxItem, outcome);
          }),
        ),
      );
    }
    const onLoss = notices.loss;
    if (store.watchLoss !== undefined && onLoss !== undefined) {
      stops.push(store.watchLoss(guard('loss', (loss: StoreLoss) => onLoss(loss))));
    }
  } catch (error) {
    logger.log('warn', 'could not subscribe to the store; idle lanes wake at the periodic check', {
      error: String(error),
    });
  }
  return () => {
    for (const stop of stops.splice(0)) {
      try {
        stop();
      } catch {
        // Unsubscribing is best effort: the store is closed right after.
      }
    }
  };
}

/** Publishes how another process's item ended (fire and forget: its owner may also never hear of it). */
export function publishOutcome(
  store: OutboxStore,
  item: OutboxItem,
  outcome: DeliveryOutcome,
  logger: GuardedLogger,
): void {
  const fail = (error: unknown) =>
    logger.log('debug', 'could not publish an outcome to the store', { id: item.id, error: String(error) });
  try {
    const r = store.publishOutcome?.(item.channel, outcome);
    if (r instanceof Promise) r.catch(fail);
  } catch (error) {
    fail(error);
  }
}
