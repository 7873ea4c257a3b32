import type { Clock, DeliveryOutcome, OutboxItem, OutboxStore } from '../types.js';
import type { DeliveryStats } from './delivery-stats.js';
import type { Dispatcher } from './dispatcher.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { Intake } from './intake.js';
import { countRelayed } from './own-items.js';
import { recoverStore } from './recover-store.js';
import { recoverFromStoreLoss } from './store-loss.js';
import { subscribeStore } from './subscribe-store.js';

/** What the store's notices and its start-up recovery are wired to. */
export interface StoreWiring {
  store: OutboxStore;
  stats: DeliveryStats;
  logger: GuardedLogger;
  clock: Clock;
  intake: Intake;
  dispatcher: Dispatcher;
  /** An item settled elsewhere (another replica) that this process accepted. */
  settle(item: OutboxItem, outcome: DeliveryOutcome): void;
  /** Items recovered from a durable store are this process's pending work now. */
  recovered(count: number): void;
}

/**
 * Wires the store to the notifier: its start-up recovery (what a previous process left is counted as
 * accepted and its channels woken), and a shared store's notices (work to pick up, outcomes of this process's
 * items settled by another replica, items the store lost). Returns the function that unsubscribes.
 */
export function watchStore(w: StoreWiring): () => void {
  const { store, stats, intake, dispatcher } = w;
  if (store.shared) stats.isOwn = (item) => intake.receiptOf(item) !== undefined;
  const unsubscribe = subscribeStore(
    store,
    {
      kick: (channel) => dispatcher.kick(channel),
      outcome: (item, outcome) => {
        if (intake.receiptOf(item) === undefined) return;
        countRelayed(stats, outcome);
        w.settle(item, outcome);
      },
      loss: (loss) => {
        void recoverFromStoreLoss(loss, {
          store,
          stats,
          logger: w.logger,
          clock: w.clock,
          unsettled: () => intake.unsettled(),
          drop: (item, reason) => dispatcher.drop(item, reason),
          kick: (channel) => dispatcher.kick(channel),
        }).catch(() => undefined);
      },
    },
    w.logger,
  );
  intake.storeReady = recoverStore(store, {
    recovered: (n) => {
      intake.storeReady = undefined;
      // A shared store's backlog is every replica's: this one did not accept it (see `shared`).
      if (!store.shared) {
        stats.accepted += n;
        stats.pending += n;
        w.recovered(n);
      }
      void Promise.resolve(store.channels()).then((channels) => {
        for (const channel of channels) dispatcher.kick(channel);
      });
    },
    failed: (error) => {
      intake.storeReady = undefined;
      w.logger.log('error', 'outbox store recovery failed', { error: String(error) });
    },
  });
  return unsubscribe;
}
