import type { DroppedNotice } from '../format/types.js';
import type { KeepAlive } from '../lifecycle/keep-alive.js';
import type { Clock, DeliveryOutcome, NotifierStats, OutboxItem } from '../types.js';
import { FlushWaiters } from './flush-waiters.js';
import { LatencySamples } from './latency-samples.js';
import { Receipt } from './receipt.js';

type Delivered = Extract<DeliveryOutcome, { status: 'delivered' }>;
type Grouped = Extract<DeliveryOutcome, { status: 'grouped' }>;

/** An item this process issued: it is its own receipt (see `Intake`). */
export type IssuedItem = OutboxItem & Receipt;

/** Work that is not a pending message yet keeps `flush()` waiting (the storm counters that are due). */
export interface DueWork {
  hasDue(): boolean;
  /** Someone waits: send it now instead of at the end of its interval. */
  sendDue(): void;
}

/** Told of every item that settled through the pipeline; `own`: this process accepted it. */
export type OutcomeListener = (item: OutboxItem, outcome: DeliveryOutcome, own: boolean) => void;

/** The last loss a store reported, as `health()` shows it (check `store_loss`). */
export interface StoreLossRecord {
  /** Epoch ms when this process handled it. */
  at: number;
  detail: string;
  fix: string;
  /** This process's unsettled items queued again (stored again from memory, or still in the store). */
  requeued: number;
  /** This process's unsettled items it could not store again (dropped `lost`). */
  lost: number;
}

/** What the ledger tells the process's life about (the exit guard, awaited receipts, the keep-alive). */
export interface LedgerLifetime {
  readonly keepAlive: KeepAlive;
  /** Work arrived: `workLeft` is what is pending now. */
  pending(workLeft: number): void;
  /** Something settled: `workLeft` is what is left. */
  settled(workLeft: number): void;
}

/** What a {@link Ledger} is built with. */
export interface LedgerOptions {
  clock: Clock;
  lifetime: LedgerLifetime;
  /** The store is shared by replicas: an item is this process's own only if it issued its receipt. */
  shared: boolean;
  /** The store is the notifier's own memory store, which hands back the very objects it was given. */
  ownStore: boolean;
  /** Persists a drop decided here (a durable store's `recordDrop`); never throws. */
  recordDrop?: ((reason: string, count: number) => void) | undefined;
}

/**
 * The notifier's books: every counter, every receipt this process issued and the callers of `flush()`.
 * Each outcome is recorded by one method that moves one item from one side to the other, so
 * `accepted = delivered + pending + deadLettered + dropped + grouped` holds after every call, by
 * construction: nothing else can change these counters. Settling an item tells the outcome listeners (its
 * lane, its storm group, the leftovers, a shared store), then resolves its receipt, then the waiters look.
 */
export class Ledger {
  #accepted = 0;
  #delivered = 0;
  #pending = 0;
  #deadLettered = 0;
  #dropped = 0;
  #grouped = 0;
  #deliveredForOthers = 0;
  #deadLetteredForOthers = 0;
  #droppedForOthers = 0;
  readonly #droppedByReason: Record<string, number> = {};
  /** Drops since the last delivery: told in the next message that gets through. */
  #droppedSince = 0;
  #droppedSinceByReason: Record<string, number> = {};
  #inFlight = 0;
  #retried = 0;
  #rateLimited = 0;
  #digested = 0;
  readonly #latency = new LatencySamples();
  readonly #o: LedgerOptions;
  /** Receipts of items handed to a store that returns copies (empty with the notifier's own memory store). */
  readonly #receipts = new Map<string, IssuedItem>();
  readonly #listeners: OutcomeListener[] = [];
  readonly #due: DueWork[] = [];
  readonly #waiters: FlushWaiters;
  #storeLoss: StoreLossRecord | undefined;

  constructor(o: LedgerOptions) {
    this.#o = o;
    this.#waiters = new FlushWaiters({
      clock: o.clock,
      isDone: () => this.#pending === 0 && !this.#hasDue(),
      hurry: () => {
        if (this.#pending === 0) for (const work of this.#due) work.sendDue();
      },
      keepAlive: o.lifetime.keepAlive,
    });
  }

  get pending(): number {
    return this.#pending;
  }

  get droppedByReason(): Readonly<Record<string, number>> {
    return this.#droppedByReason;
  }

  /** Someone is told of every settled item (in the order they were added, before the receipt resolves). */
  onOutcome(listener: OutcomeListener): void {
    this.#listeners.push(listener);
  }

  /** `flush()` also waits for `work` (and hurries it). */
  awaitDue(work: DueWork): void {
    this.#due.push(work);
  }

  // Arrivals: `notify()` and what a store hands over.

  /** A notification entered the pipeline: pending until one of the outcomes below. */
  admitted(): void {
    this.#accepted++;
    this.#pending++;
    this.#o.lifetime.pending(this.workLeft());
  }

  /** A notification refused at once (invalid, closed, flood, feedback loop): accepted and dropped. */
  refused(receipt: Receipt, reason: string): void {
    this.#accepted++;
    this.#drop(reason, 1, false);
    receipt.settle({ status: 'dropped', id: receipt.id, reason });
    this.#o.lifetime.pending(this.workLeft());
  }

  /** A repeat counted into an open storm group at once: accepted and grouped. */
  groupedOnArrival(receipt: Receipt, outcome: Grouped): void {
    this.#accepted++;
    this.#grouped++;
    receipt.settle(outcome);
    this.#o.lifetime.pending(this.workLeft());
  }

  /** A durable store's backlog from an earlier process: this process's pending work now. */
  recovered(count: number): void {
    this.#accepted += count;
    this.#pending += count;
    this.#o.lifetime.pending(count);
  }

  /** Drop counts a durable store kept from earlier runs: accepted and dropped, so the sums hold. */
  seedDrops(counts: Record<string, number>): void {
    for (const [reason, n] of Object.entries(counts)) {
      if (!(n > 0)) continue;
      this.#accepted += n;
      this.#dropped += n;
      this.#droppedByReason[reason] = (this.#droppedByReason[reason] ?? 0) + n;
    }
  }

  // Outcomes of admitted items (or, with a shared store, of another replica's items settled here).

  /**
   * Slack has it. Counted now; the receipt settles with `final` when given (the outcome with its permalink,
   * fetched off the lane), else with `outcome`.
   */
  delivered(item: OutboxItem, outcome: Delivered, final?: Promise<DeliveryOutcome>): void {
    const own = this.isOwn(item);
    if (own) {
      this.#pending--;
      this.#delivered++;
    } else this.#deliveredForOthers++;
    this.#latency.record(this.#o.clock.now() - item.acceptedAt);
    if (final === undefined) this.#settle(item, outcome, own);
    else void final.then((o) => this.#settle(item, o, own));
  }

  /** Slack refused it for good: kept in the store's dead letters with `code`. */
  deadLettered(item: OutboxItem, code: string): void {
    const own = this.isOwn(item);
    if (own) {
      this.#pending--;
      this.#deadLettered++;
    } else this.#deadLetteredForOthers++;
    this.#settle(item, { status: 'dead_lettered', id: item.id, reason: code }, own);
  }

  /** Dropped for `reason`; `countedByStore` for evictions the store returned (it persisted them itself). */
  dropped(item: OutboxItem, reason: string, countedByStore = false): void {
    const own = this.isOwn(item);
    if (own) {
      this.#pending--;
      this.#drop(reason, 1, countedByStore);
    } else this.#droppedForOthers++;
    this.#settle(item, { status: 'dropped', id: item.id, reason }, own);
  }

  /** A held first occurrence that another replica posts: grouped. It never reached a lane: only its receipt. */
  folded(item: OutboxItem, outcome: Grouped): void {
    this.#pending--;
    this.#grouped++;
    this.#settleReceipt(item, outcome);
  }

  /**
   * Another process settled one of this process's items and published the outcome (a shared store): counted
   * as if settled here. Ignored for items this process did not issue. A drop was persisted where it happened.
   */
  relayed(item: OutboxItem, outcome: DeliveryOutcome): void {
    if (this.receiptOf(item) === undefined) return;
    this.#pending--;
    if (outcome.status === 'delivered') this.#delivered++;
    else if (outcome.status === 'dead_lettered') this.#deadLettered++;
    else if (outcome.status === 'grouped') this.#grouped++;
    else this.#drop(outcome.reason, 1, true);
    this.#settle(item, outcome, true);
  }

  // Counters outside the identity.

  sending(count: number): void {
    this.#inFlight += count;
  }

  sent(count: number): void {
    this.#inFlight -= count;
  }

  retried(): void {
    this.#retried++;
  }

  rateLimited(): void {
    this.#rateLimited++;
  }

  /** `count` items went out inside one digest message (each is also `delivered`). */
  digested(count: number): void {
    this.#digested += count;
  }

  /** The store lost items behind the notifier's back, and what became of this process's (see `store-loss.ts`). */
  noteStoreLoss(record: StoreLossRecord): void {
    this.#storeLoss = record;
  }

  /** The last store loss, for `health()`. */
  get storeLoss(): StoreLossRecord | undefined {
    return this.#storeLoss;
  }

  /** The drops to tell in the next message, if any. */
  dropNotice(): DroppedNotice | undefined {
    if (this.#droppedSince === 0) return undefined;
    return { count: this.#droppedSince, byReason: { ...this.#droppedSinceByReason } };
  }

  /** A delivered message told `notice`: forget those drops. */
  noticeDelivered(notice: DroppedNotice | undefined): void {
    if (notice === undefined) return;
    this.#droppedSince = Math.max(0, this.#droppedSince - notice.count);
    if (this.#droppedSince === 0) this.#droppedSinceByReason = {};
  }

  // Receipts and waiting.

  /** Remembers an item's receipt while a store that returns copies holds it. */
  track(item: IssuedItem): void {
    if (!this.#o.ownStore) this.#receipts.set(item.id, item);
  }

  /** The receipt of an item, if this process issued it. */
  receiptOf(item: OutboxItem): Receipt | undefined {
    return item instanceof Receipt ? item : this.#receipts.get(item.id);
  }

  /** Whether this process accepted `item` (always, unless the store is shared). */
  isOwn(item: OutboxItem): boolean {
    return !this.#o.shared || this.receiptOf(item) !== undefined;
  }

  /** This process's items a store that returns copies holds, not settled yet, content included. */
  unsettled(): OutboxItem[] {
    const items: OutboxItem[] = [];
    for (const item of this.#receipts.values()) if (item.outcome === undefined) items.push(item);
    return items;
  }

  /** Resolves true once nothing is pending and no due work is left, or with that state at `timeoutMs`. */
  flush(timeoutMs: number): Promise<boolean> {
    return this.#waiters.wait(timeoutMs);
  }

  /** Messages pending, or 1 for due work when none is (what the exit handling still has to send). */
  workLeft(): number {
    return this.#pending > 0 ? this.#pending : this.#hasDue() ? 1 : 0;
  }

  /** Due work ended (a counter update sent, refused or failed): the waiters look again. */
  progress(): void {
    this.#waiters.check();
    this.#o.lifetime.settled(this.workLeft());
  }

  snapshot(groups: number): NotifierStats {
    return {
      accepted: this.#accepted,
      delivered: this.#delivered,
      pending: this.#pending,
      inFlight: this.#inFlight,
      deadLettered: this.#deadLettered,
      dropped: this.#dropped,
      droppedByReason: { ...this.#droppedByReason },
      grouped: this.#grouped,
      groups,
      digested: this.#digested,
      retried: this.#retried,
      rateLimited: this.#rateLimited,
      latencyMs: this.#latency.summary(),
      deliveredForOthers: this.#deliveredForOthers,
      deadLetteredForOthers: this.#deadLetteredForOthers,
      droppedForOthers: this.#droppedForOthers,
    };
  }

  #drop(reason: string, count: number, countedByStore: boolean): void {
    if (!countedByStore) this.#o.recordDrop?.(reason, count);
    this.#dropped += count;
    this.#droppedSince += count;
    this.#droppedSinceByReason[reason] = (this.#droppedSinceByReason[reason] ?? 0) + count;
    this.#droppedByReason[reason] = (this.#droppedByReason[reason] ?? 0) + count;
  }

  #hasDue(): boolean {
    for (const work of this.#due) if (work.hasDue()) return true;
    return false;
  }

  #settle(item: OutboxItem, outcome: DeliveryOutcome, own: boolean): void {
    for (const listener of this.#listeners) listener(item, outcome, own);
    this.#settleReceipt(item, outcome);
  }

  #settleReceipt(item: OutboxItem, outcome: DeliveryOutcome): void {
    const receipt = this.receiptOf(item);
    if (receipt !== undefined) {
      this.#receipts.delete(item.id);
      receipt.settle(outcome);
    }
    this.progress();
  }
}
