import type { OutboxItem } from '../types.js';

/**
 * Drop reason of a message whose delivery was under way when `close()` stopped: a post on the wire when
 * close() aborted Slack at its deadline, or one whose post timed out and was not confirmed since (Slack may
 * still store it late). Slack may have it: its outcome is unknown, unlike `closed` (never sent). Only the
 * memory outbox drops it; a durable store keeps it, marked ambiguous (looked up in the history first).
 */
export const ABORTED_IN_FLIGHT = 'aborted_in_flight';

/**
 * The messages `close()` cut off while their delivery was under way: those a lane was delivering when Slack
 * was aborted, and those whose last post timed out (`ambiguous`, or with a late-commit record). What they are
 * dropped with (memory outbox) and how many a durable store keeps with an unknown outcome (the one warning).
 */
export class AbortedInFlight {
  readonly #ids = new Set<string>();
  readonly #timedOut: (id: string) => boolean;

  /** `timedOut`: whether a post of this id timed out and is not confirmed yet (its late-commit record). */
  constructor(timedOut: (id: string) => boolean) {
    this.#timedOut = timedOut;
  }

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
    return this.#ids.has(item.id) || item.ambiguous === true ? ABORTED_IN_FLIGHT : reason;
  }

  /** Of these unsettled ids (kept by a durable store), how many were cut off while under way. */
  countAmong(ids: Iterable<string>): number {
    let n = 0;
    for (const id of ids) if (this.#ids.has(id) || this.#timedOut(id)) n++;
    return n;
  }
}
