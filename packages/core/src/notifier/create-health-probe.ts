import type { KeepAlive } from '../lifecycle/keep-alive.js';
import type { SlackGateway } from '../slack/gateway-types.js';
import type { Clock, OutboxStore } from '../types.js';
import type { Dispatcher } from './dispatcher.js';
import { HealthProbe } from './health-probe.js';
import type { Ledger } from './ledger.js';
import type { StartUp } from './start-up.js';
import { withStoreHealth } from './store-health.js';

/** How long the oldest pending message may wait before health calls the queue stuck. */
const STALE_AFTER_MS = 5 * 60_000;

/** What `health()` reads. */
export interface HealthWiring {
  clock: Clock;
  keepAlive: KeepAlive;
  gateway: SlackGateway;
  store: OutboxStore;
  timeoutMs: number;
  startUp: () => StartUp;
  dispatcher: Dispatcher;
  ledger: Ledger;
  /** The memory outbox's bound (reported with the queue depth), when the notifier owns its store. */
  maxItems: number | undefined;
}

/** `health()` of the notifier: what start, the circuit, the lanes and the store say, within its bound. */
export function createHealthProbe(w: HealthWiring): HealthProbe {
  const { clock, dispatcher } = w;
  return new HealthProbe({
    clock,
    keepAlive: w.keepAlive,
    gateway: w.gateway,
    store: w.store,
    timeoutMs: w.timeoutMs,
    snapshot: () => ({
      now: clock.now(),
      auth: w.startUp().auth,
      startError: w.startUp().error,
      circuit: dispatcher.circuit,
      lanes: [...dispatcher.lanes.values()],
      maxItems: w.maxItems,
      lastSuccessAt: dispatcher.lastSuccessAt,
      staleAfterMs: STALE_AFTER_MS,
    }),
    withStore: (report, bounded) => withStoreHealth(report, bounded, clock, w.ledger.storeLoss),
  });
}
