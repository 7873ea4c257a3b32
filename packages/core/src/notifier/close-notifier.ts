import type { KeepAlive } from '../lifecycle/keep-alive.js';
import { shutdown } from '../lifecycle/shutdown.js';
import type { SlackGateway } from '../slack/gateway-types.js';
import type { GroupUpdater } from '../storm/group-updater.js';
import type { Grouper } from '../storm/grouper.js';
import type { Clock, OutboxStore } from '../types.js';
import type { Dispatcher } from './dispatcher.js';
import type { Intake } from './intake.js';
import type { Leftovers } from './leftovers.js';
import type { Lifetime } from './lifetime.js';
import type { PeriodicCheck } from './periodic-check.js';

/** The parts `close()` stops, in the notifier that owns them. */
export interface ClosingParts {
  clock: Clock;
  lifetime: Lifetime;
  intake: Intake;
  leftovers: Leftovers;
  grouper: Grouper;
  updater: GroupUpdater;
  periodic: PeriodicCheck;
  dispatcher: Dispatcher;
  gateway: SlackGateway;
  store: OutboxStore;
  /** The notifier refuses new work from now on. */
  closing(): void;
  flush(ms: number): Promise<boolean>;
  /** Everything else the notifier stops (metrics). */
  stopOthers(): void;
  unsubscribeStore(): void;
  /** After this, nothing is logged. */
  silence(): void;
}

/**
 * The notifier's `close(timeoutMs)` (see {@link shutdown} for the order and the bound): refuse new work,
 * release held first occurrences, deliver and send the due counters until the deadline, stop every timer,
 * abort Slack (what a lane is delivering then has an unknown outcome), settle and report what is left, close
 * the store, then be silent.
 */
export function closeNotifier(p: ClosingParts, timeoutMs: number): Promise<boolean> {
  const keepAlive: KeepAlive = p.lifetime.keepAlive;
  return shutdown(
    {
      clock: p.clock,
      keepAlive,
      begin: () => {
        p.closing();
        p.intake.closed = true;
        p.leftovers.begin();
        p.lifetime.closing();
        p.grouper.releaseHeld();
      },
      flush: (ms) => p.flush(ms),
      flushGroups: () => p.grouper.flush(),
      stop: () => {
        p.updater.stop();
        p.grouper.stop();
        p.periodic.stop();
        p.dispatcher.stop();
        p.lifetime.stop();
        p.stopOthers();
      },
      abortSlack: () => {
        if (p.gateway.abort === undefined) return Promise.resolve();
        // What a lane is delivering now may reach Slack or not: its outcome becomes unknown.
        p.leftovers.abortingWith(p.dispatcher.inFlight);
        return p.gateway.abort();
      },
      lanesIdle: (ms) => p.dispatcher.idle(ms),
      settleLeftovers: () => p.leftovers.settle(),
      closeStore: () => {
        p.unsubscribeStore();
        return p.store.close?.();
      },
      silence: () => p.silence(),
    },
    timeoutMs,
  );
}
