import type { Clock, OutboxItem, OutboxStore, StoreLoss } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { Ledger } from './ledger.js';

/** The drop reason of items a store lost and this process could not store again. */
export const LOST_REASON = 'lost';

/** What handling a loss needs from the notifier. */
export interface StoreLossDeps {
  store: OutboxStore;
  /** The books: this process's unsettled items as it holds them, and where the `lost` drops are recorded. */
  ledger: Ledger;
  logger: GuardedLogger;
  clock: Clock;
  /** New work on a channel. */
  kick(channel: string): void;
}

/**
 * A store lost items behind the notifier's back (`OutboxStore.watchLoss`, e.g. Redis restarted without
 * persistence). This process still holds each of its own unsettled items, content included, so it hands
 * them back (`requeue`): the store ignores those it still has, those settled meanwhile and those this
 * process is sending now. What the store refuses (or every item, for a store without `requeue`) is counted
 * as dropped `lost` and its receipt settles, so `flush()` stops waiting for what no longer exists and
 * `accepted = delivered + pending + deadLettered + dropped` holds. One warning names the fix. Never throws.
 */
export async function recoverFromStoreLoss(loss: StoreLoss, deps: StoreLossDeps): Promise<void> {
  const items = deps.ledger.unsettled();
  let refused: OutboxItem[];
  try {
    refused = deps.store.requeue === undefined ? items : await deps.store.requeue(items);
  } catch (error) {
    deps.logger.log('warn', 'the store could not take back what it lost', { error: String(error) });
    refused = items;
  }
  const refusedIds = new Set(refused.map((item) => item.id));
  let requeued = 0;
  const channels = new Set<string>();
  for (const item of items) {
    if (refusedIds.has(item.id)) continue;
    channels.add(item.channel);
    requeued++;
  }
  // Refused may also name other items of this process the store had to let go meanwhile (e.g. evicted from
  // a full local fallback); one settled while the store was busy (another replica's outcome) is not counted.
  const open = new Map(deps.ledger.unsettled().map((item) => [item.id, item]));
  let lost = 0;
  for (const id of refusedIds) {
    const item = open.get(id);
    if (item === undefined) continue;
    deps.ledger.dropped(item, LOST_REASON);
    lost++;
  }
  for (const channel of channels) deps.kick(channel);
  deps.ledger.noteStoreLoss({ at: deps.clock.now(), detail: loss.detail, fix: loss.fix, requeued, lost });
  deps.logger.log(
    'warn',
    `${loss.detail}; of this process's ${items.length} unsettled message(s), ${requeued} are queued again (re-queued from memory where missing), ${lost} lost (counted as dropped '${LOST_REASON}'). Fix: ${loss.fix}`,
    { unsettled: items.length, requeued, lost },
  );
}
