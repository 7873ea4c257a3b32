import type { OutboxItem, OutboxStore } from '../types.js';
import { ABORTED_IN_FLIGHT, AbortedInFlight } from './aborted-in-flight.js';
import type { GuardedLogger } from './guarded-logger.js';

const MAY_HAVE = { one: 'Slack may have stored it', many: 'Slack may have stored them' };
const LOOKED_UP = {
  one: 'the next start looks it up in the channel history before posting it again',
  many: 'the next start looks them up in the channel history before posting them again',
};

/** What {@link Leftovers} works with. */
export interface LeftoversDeps {
  store: OutboxStore;
  logger: GuardedLogger;
  /** Drop counts by reason so far (the notifier's stats). */
  droppedByReason(): Readonly<Record<string, number>>;
  /** Messages of this process still pending. */
  pending(): number;
  /** Count and settle a drop of an item no longer in the store. */
  drop(item: OutboxItem, reason: string): void;
  /** Ids of this process's messages not settled yet. */
  unsettledIds(): Iterable<string>;
  /** Whether a post of this id timed out and is not confirmed yet (Slack may store it late). */
  timedOut(id: string): boolean;
}

/**
 * What close() could not deliver. The memory outbox dies with the process: what is still waiting is dropped
 * and counted, with `closed` (or `exit` when the exit handling closed), and with `aborted_in_flight` for a
 * message whose delivery was under way (a post on the wire when Slack was cut off at the deadline, or one
 * that timed out and is not confirmed yet: Slack may have it, its outcome is unknown). A durable store keeps
 * all of it for the next start. Either way, one warning says so.
 */
export class Leftovers {
  /** Why what close() could not deliver is dropped: `closed`, or `exit` when the exit guard closed. */
  reason = 'closed';
  readonly #deps: LeftoversDeps;
  readonly #cutOff: AbortedInFlight;
  /** Drops with each close reason counted before close() began (what close() dropped is the rest). */
  #before = { reason: 0, aborted: 0 };

  constructor(deps: LeftoversDeps) {
    this.#deps = deps;
    this.#cutOff = new AbortedInFlight((id) => deps.timedOut(id));
  }

  /** close() began: later drops with its reasons are close()'s own. */
  begin(): void {
    const counts = this.#deps.droppedByReason();
    this.#before = { reason: counts[this.reason] ?? 0, aborted: counts[ABORTED_IN_FLIGHT] ?? 0 };
  }

  /** close() aborts Slack now: `items` are in flight, their outcome becomes unknown. */
  abortingWith(items: Iterable<OutboxItem>): void {
    this.#cutOff.capture(items);
  }

  /** An item settled: a cut-off one is no longer kept with an unknown outcome. */
  settled(id: string): void {
    this.#cutOff.settled(id);
  }

  /** Drops (memory outbox only) what the store still holds; each item with its reason. */
  async drop(): Promise<void> {
    const { store, drop } = this.#deps;
    if (store.durable) return;
    for (const channel of await store.channels()) {
      for (let item = await store.claim(channel); item; item = await store.claim(channel)) {
        await store.ack(item.id);
        drop(item, this.#cutOff.reasonFor(item, this.reason));
      }
    }
  }

  /** Drops what is left, then writes the one line close() writes about it: dropped (memory) or kept (durable). */
  async settle(): Promise<void> {
    await this.drop();
    const { store, logger, droppedByReason, pending } = this.#deps;
    const counts = droppedByReason();
    const aborted = (counts[ABORTED_IN_FLIGHT] ?? 0) - this.#before.aborted;
    const dropped = (counts[this.reason] ?? 0) - this.#before.reason + aborted;
    const kept = store.durable ? pending() : 0;
    if (dropped > 0) {
      logger.log(
        'warn',
        `${dropped} message(s) not delivered before the notifier closed; dropped${cutOffNote(aborted, MAY_HAVE)}`,
        { dropped, reason: this.reason, ...(aborted > 0 ? { abortedInFlight: aborted } : {}) },
      );
    } else if (kept > 0) {
      const unknown = Math.min(kept, this.#cutOff.countAmong(this.#deps.unsettledIds()));
      logger.log(
        'warn',
        `${kept} message(s) not delivered yet; kept in the store for the next start${cutOffNote(unknown, LOOKED_UP)}`,
        { kept, ...(unknown > 0 ? { abortedInFlight: unknown } : {}) },
      );
    }
  }
}

/** `; 1 of them was in flight …` when some were cut off while under way, else nothing. */
function cutOffNote(count: number, then: { one: string; many: string }): string {
  if (count === 0) return '';
  if (count === 1)
    return `; 1 of them was in flight (sent, no answer from Slack), its outcome unknown (${then.one})`;
  return `; ${count} of them were in flight (sent, no answer from Slack), their outcome unknown (${then.many})`;
}
