import { randomBytes } from 'node:crypto';
import { NotifierError } from '../errors.js';
import { snapshotError } from '../format/index.js';
import { validateNotification } from '../format/validate-notification.js';
import type { ReceiptWatch } from '../lifecycle/awaited-receipts.js';
import type { FloodBreaker } from '../storm/flood-breaker.js';
import type { Grouper } from '../storm/grouper.js';
import type { GroupingKey } from '../storm/grouping-key.js';
import type { StormGroup } from '../storm/storm-group.js';
import type {
  Clock,
  DeliveryOutcome,
  Notification,
  NotifyReceipt,
  OutboxItem,
  OutboxStore,
  Priority,
} from '../types.js';
import { describeRefusal } from './describe-refusal.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { Ledger } from './ledger.js';
import { Receipt } from './receipt.js';
import { resolveRoute } from './resolve-route.js';

/**
 * A new item is its own receipt: one allocation per `notify()` instead of two (what a flood costs is mostly
 * the garbage collector's time). Receipt state lives in private fields, invisible to JSON, so durable stores
 * never see it. The memory store hands the same object back, so no id → receipt map is needed on the hot
 * path; other stores return copies, and for them the map is the fallback.
 */
class NewItem extends Receipt implements OutboxItem {
  channel: string;
  priority: Priority;
  seq: number;
  acceptedAt: number;
  notification: Notification | string;
  attempts = 0;

  constructor(
    id: string,
    channel: string,
    priority: Priority,
    seq: number,
    at: number,
    n: Notification | string,
    watch: ReceiptWatch | undefined,
  ) {
    super(id, watch);
    this.channel = channel;
    this.priority = priority;
    this.seq = seq;
    this.acceptedAt = at;
    this.notification = n;
  }
}

/** At most one "queue full" warning per this many ms: a flood must not become a log flood. */
const OVERFLOW_LOG_INTERVAL_MS = 10_000;

/** What the intake needs. */
export interface IntakeDeps {
  store: OutboxStore;
  /** The store is the notifier's own memory store (which returns the very objects it was given). */
  ownStore: boolean;
  clock: Clock;
  ledger: Ledger;
  logger: GuardedLogger;
  defaultChannel: string;
  routes: ReadonlyMap<string, string>;
  /** Storm grouping: the key of a notification, and the open groups. */
  groupingKey: GroupingKey;
  grouper: Grouper;
  flood: FloodBreaker;
  /** An item went into the store for `channel`. */
  added(channel: string): void;
  /** New work for a channel. */
  kick(channel: string): void;
  /** Told when someone waits on a receipt's `delivered` (keeps the process alive for the wait). */
  watch?: ReceiptWatch;
}

/**
 * The synchronous front of the pipeline: `notify()` validates, builds the stored item, hands it to the store
 * and returns the receipt. Allocation-light on purpose (a receipt, an item, an id): it must sustain
 * hundreds of thousands of calls per second without becoming the app's bottleneck.
 */
export class Intake {
  readonly #deps: IntakeDeps;
  // 7 random base-36 characters (36^7 ≈ 7.8e10 per process) then the counter: ids stay under 13 characters
  // for the first 60 million messages, so V8 builds them flat instead of as a concatenation (half the memory).
  readonly #idPrefix = randomIdPrefix();
  // Another store may hold items of an earlier process: seeded from the wall clock, so those keep going
  // before new ones. The notifier's own memory store never does, so there it counts from 0: a small integer
  // is stored in the item as is, where a wall-clock-sized one is a separate heap number per item.
  #seq: number;
  #idCounter = 0;
  #lastOverflowLog = Number.NEGATIVE_INFINITY;
  closed = false;
  /** While an asynchronous store recovers, new items are added after it. */
  storeReady: Promise<unknown> | undefined;

  constructor(deps: IntakeDeps) {
    this.#deps = deps;
    this.#seq = deps.ownStore ? 0 : Date.now() * 1024;
  }

  notify(input: Notification | string): NotifyReceipt {
    const deps = this.#deps;
    let unreadable = false;
    let readError: unknown;
    let channel: string;
    try {
      channel = resolveRoute(input, deps.defaultChannel, deps.routes);
    } catch (error) {
      // Not an object, or an unknown route: a programmer error, thrown as documented. Anything else was
      // thrown by the payload itself (a getter, a proxy trap): refused below like any invalid notification.
      if (isRouteError(error)) throw error;
      channel = '';
      unreadable = true;
      readError = error;
    }
    const ledger = deps.ledger;
    // A small-integer counter: `toString(36)` of the big wall-clock-based seq is many times slower.
    const id = this.#idPrefix + (this.#idCounter++).toString(36);
    if (this.closed) return this.#refuse(new Receipt(id), 'closed');
    if (deps.logger.active) return this.#refuse(new Receipt(id), 'feedback_loop');
    let notification: Notification | string = input;
    let fingerprint: string | undefined;
    let priority: Priority = 'normal';
    try {
      if (unreadable) throw readError;
      fingerprint = deps.groupingKey.of(input);
      if (fingerprint !== undefined) {
        const group = deps.grouper.join(fingerprint, channel, input, deps.clock.now());
        if (group !== undefined) {
          const receipt = new Receipt(id);
          ledger.groupedOnArrival(receipt, groupedOutcome(id, group));
          return receipt;
        }
      }
      if (typeof input === 'object') {
        validateNotification(input);
        // Errors become plain data now: an Error does not survive JSON (durable stores), and the caller may
        // mutate it after reporting.
        if (typeof input.error === 'object' && input.error !== null) {
          notification = { ...input, error: snapshotError(input.error) };
        }
        // Read once, here: a getter could answer differently (or throw) on a second read.
        priority = (typeof notification === 'object' && notification.priority) || 'normal';
      } else if (input === '') validateNotification(input);
    } catch (error) {
      const refusal = describeRefusal(error);
      deps.logger.log('warn', `invalid notification dropped: ${refusal.message}`, {
        id,
        field: refusal.field,
      });
      return this.#refuse(new Receipt(id), 'invalid');
    }
    const now = deps.clock.now();
    if (deps.flood.enabled) {
      const verdict = deps.flood.admit(channel, priority, now);
      if (verdict === 'trip') {
        deps.logger.log('warn', 'flood breaker: too many messages for one channel; dropping low ones', {
          channel,
        });
      }
      if (verdict !== 'pass') return this.#refuse(new Receipt(id), 'flood');
    }
    const item = new NewItem(id, channel, priority, this.#seq++, now, notification, deps.watch);
    ledger.admitted();
    if (fingerprint !== undefined && !deps.grouper.open(fingerprint, item)) return item;
    this.#enqueue(item, item);
    return item;
  }

  /** A held first occurrence of a group (its wait is over, or the shared store said `'first'`): queue it. */
  release(item: OutboxItem): void {
    const receipt = this.#deps.ledger.receiptOf(item);
    if (receipt === undefined) return;
    // Accepted before any close(): it goes to the store even if close() has begun (close releases the held ones).
    this.#enqueue(item, receipt);
  }

  /** A held first occurrence that another replica posts: settle it as grouped. */
  foldRemote(item: OutboxItem, group: StormGroup): void {
    this.#deps.ledger.folded(item, groupedOutcome(item.id, group));
  }

  #enqueue(item: OutboxItem, receipt: Receipt): void {
    const deps = this.#deps;
    if (receipt instanceof NewItem) deps.ledger.track(receipt);
    const ready = this.storeReady;
    const added = ready === undefined ? this.#tryAdd(item) : ready.then(() => deps.store.add(item));
    if (added instanceof Promise) {
      added.then(
        (evicted) => this.#added(item, receipt, evicted),
        (error: unknown) => this.#addFailed(item, error),
      );
    } else if (added !== false) {
      this.#added(item, receipt, added);
    }
  }

  #tryAdd(item: OutboxItem): OutboxItem[] | undefined | false | Promise<OutboxItem[] | undefined> {
    try {
      return this.#deps.store.add(item);
    } catch (error) {
      this.#addFailed(item, error);
      return false;
    }
  }

  #added(item: OutboxItem, receipt: Receipt, evicted: OutboxItem[] | undefined): void {
    const deps = this.#deps;
    deps.added(item.channel);
    if (evicted !== undefined && evicted.length > 0) {
      for (const victim of evicted) deps.ledger.dropped(victim, 'queue_overflow', true);
      const now = deps.clock.now();
      if (now - this.#lastOverflowLog >= OVERFLOW_LOG_INTERVAL_MS) {
        this.#lastOverflowLog = now;
        deps.logger.log('warn', 'outbox full: dropping the lowest-priority, oldest messages', {
          dropped: deps.ledger.droppedByReason.queue_overflow ?? 0,
        });
      }
      if (evicted.includes(item)) return;
    }
    receipt.setAccepted(true);
    deps.kick(item.channel);
  }

  #addFailed(item: OutboxItem, error: unknown): void {
    this.#deps.logger.log('error', 'outbox store refused a message; dropped', {
      id: item.id,
      error: String(error),
    });
    this.#deps.ledger.dropped(item, 'store_error');
  }

  #refuse(receipt: Receipt, reason: string): NotifyReceipt {
    this.#deps.ledger.refused(receipt, reason);
    return receipt;
  }
}

/** The `NotifierError` that `resolveRoute` throws (guarded: the thrown value may be a hostile proxy). */
function isRouteError(error: unknown): boolean {
  try {
    return error instanceof NotifierError && error.code === 'invalid_notification';
  } catch {
    return false;
  }
}

function groupedOutcome(id: string, group: StormGroup): Extract<DeliveryOutcome, { status: 'grouped' }> {
  return group.ts === undefined
    ? { status: 'grouped', id, reason: 'grouped', fingerprint: group.fingerprint }
    : {
        status: 'grouped',
        id,
        reason: 'grouped',
        fingerprint: group.fingerprint,
        channelId: group.channelId,
        ts: group.ts,
      };
}

/** A fixed-length random prefix for this process's message ids. */
function randomIdPrefix(): string {
  let out = '';
  for (const byte of randomBytes(7)) out += (byte % 36).toString(36);
  return out;
}
