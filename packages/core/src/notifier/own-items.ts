import type { DeliveryOutcome, OutboxItem } from '../types.js';
import type { DeliveryStats } from './delivery-stats.js';

/**
 * Per-process accounting with a shared store (`OutboxStore.shared`): any replica may settle any item, but
 * each one's `accepted = delivered + pending + deadLettered + dropped + grouped` must hold for the items it
 * accepted, and its `flush()` must wait for those only. These count one settled item on the right side:
 * this process's own counters, or the `…ForOthers` ones. With a store that is not shared every item is own.
 */

/** A delivery; returns whether the item was this process's own. */
export function countDelivered(stats: DeliveryStats, item: OutboxItem): boolean {
  if (!stats.isOwn(item)) {
    stats.deliveredForOthers++;
    return false;
  }
  stats.delivered++;
  stats.pending--;
  return true;
}

/** A dead letter; returns whether the item was this process's own. */
export function countDeadLettered(stats: DeliveryStats, item: OutboxItem): boolean {
  if (!stats.isOwn(item)) {
    stats.deadLetteredForOthers++;
    return false;
  }
  stats.pending--;
  stats.deadLettered++;
  return true;
}

/** A drop of an item that was in the store; returns whether the item was this process's own. */
export function countDropped(
  stats: DeliveryStats,
  item: OutboxItem,
  reason: string,
  countedByStore: boolean,
): boolean {
  if (!stats.isOwn(item)) {
    stats.droppedForOthers++;
    return false;
  }
  stats.pending--;
  stats.drop(reason, 1, countedByStore);
  return true;
}

/**
 * Another process settled one of this process's items and published the outcome
 * (`OutboxStore.watchOutcomes`): count it here as if settled here. The store counted its own evictions, and
 * the process that dropped it persisted the drop, so a drop is not recorded again.
 */
export function countRelayed(stats: DeliveryStats, outcome: DeliveryOutcome): void {
  stats.pending--;
  if (outcome.status === 'delivered') stats.delivered++;
  else if (outcome.status === 'dead_lettered') stats.deadLettered++;
  else if (outcome.status === 'grouped') stats.grouped++;
  else stats.drop(outcome.reason, 1, true);
}
