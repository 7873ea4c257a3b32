import type { OutboxItem } from '../types.js';

/**
 * Drop reason of a message whose delivery was in flight when `close()` aborted Slack at its deadline: the
 * request may have reached Slack (which may have stored it, or be storing it), so its outcome is unknown,
 * unlike `closed` (never sent). Only the memory outbox drops it; a durable store keeps it, marked ambiguous.
 */
export const ABORTED_IN_FLIGHT = 'aborted_in_flight';

/**
 * The messages `close()` cut off: those a lane was delivering when Slack was aborted. What they are dropped
 * with (memory outbox) and how many a durable store keeps with an unknown outcome (for the one warning).
 */
export class AbortedInFlight {
  readonly #ids = new Set<string>();

  /** close() aborts Slack now: `items` are in flight. */
  capture(items: Iterable<OutboxItem>): void {
    for (const item of items) this.#ids.add(item.id);
  }

  /** An item settled (delivered after all, or dropped): it is no longer kept with an unknown outcome. */
  settled(id: string): void {
    if (this.#ids.size > 0) this.#ids.delete(id);
  }

  /** The reason to drop `item` with at close: {@link ABORTED_IN_FLIGHT} if it was cut off, else `reason`. */
  reasonFor(item: OutboxItem, reason: string): string {
    return this.#ids.has(item.id) ? ABORTED_IN_FLIGHT : reason;
  }

  /** Cut-off items not settled (a durable store keeps them). */
  get unsettled(): number {
    return this.#ids.size;
  }
}
