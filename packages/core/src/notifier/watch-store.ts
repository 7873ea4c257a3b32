import type { Clock, OutboxStore } from '../types.js';
import type { Dispatcher } from './dispatcher.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { Intake } from './intake.js';
import type { Ledger } from './ledger.js';
import { recoverStore } from './recover-store.js';
import { recoverFromStoreLoss } from './store-loss.js';
import { subscribeStore } from './subscribe-store.js';

/** What the store's notices and its start-up recovery are wired to. */
export interface StoreWiring {
  store: OutboxStore;
  ledger: Ledger;
  logger: GuardedLogger;
  clock: Clock;
  intake: Intake;
  dispatcher: Dispatcher;
}

/**
 * Wires the store to the notifier: its start-up recovery (what a previous process left is counted as
 * accepted and its channels woken), and a shared store's notices (work to pick up, outcomes of this process's
 * items settled by another replica, items the store lost). Returns the function that unsubscribes.
 */
export function watchStore(w: StoreWiring): () => void {
  const { store, ledger, intake, dispatcher } = w;
  const unsubscribe = subscribeStore(
    store,
    {
      kick: (channel) => dispatcher.kick(channel),
      outcome: (item, outcome) => ledger.relayed(item, outcome),
      loss: (loss) => {
        void recoverFromStoreLoss(loss, {
          store,
          ledger,
          logger: w.logger,
          clock: w.clock,
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
      if (!store.shared) ledger.recovered(n);
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
