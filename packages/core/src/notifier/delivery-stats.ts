import type { NotifierStats, OutboxItem } from '../types.js';
import type { StoreLossRecord } from './store-loss.js';

const LATENCY_SAMPLES = 1024;

/**
 * The notifier's counters. Plain fields, so the hot path is an increment; `snapshot()` builds the public
 * `NotifierStats`. Latency keeps the last 1024 samples in a ring (enough for p99 without unbounded memory).
 */
export class DeliveryStats {
  accepted = 0;
  delivered = 0;
  pending = 0;
  inFlight = 0;
  deadLettered = 0;
  dropped = 0;
  /** Repeats folded into a storm group's message. */
  grouped = 0;
  /** Items delivered inside digests. */
  digested = 0;
  /** `chat.update` calls that refreshed a storm counter. */
  groupUpdates = 0;
  retried = 0;
  /** Open storm groups, read at snapshot time. */
  openGroups: () => number = () => 0;
  /** Persists a drop the store did not count itself (the store's optional `recordDrop`). */
  onDrop: ((reason: string, count: number) => void) | undefined;
  rateLimited = 0;
  /** Shared stores: items of other replicas settled here (see `NotifierStats.deliveredForOthers`). */
  deliveredForOthers = 0;
  deadLetteredForOthers = 0;
  droppedForOthers = 0;
  /** Whether this process accepted `item` (always true unless the store is shared; see `own-items.ts`). */
  isOwn: (item: OutboxItem) => boolean = () => true;
  readonly droppedByReason: Record<string, number> = {};
  /** The last time the store lost items behind the notifier's back (`OutboxStore.watchLoss`); for `health()`. */
  storeLoss: StoreLossRecord | undefined;
  /** Drops since the last delivery: told in the next message that gets through. */
  droppedSinceDelivery = 0;
  droppedSinceByReason: Record<string, number> = {};
  #latencies = new Float64Array(LATENCY_SAMPLES);
  #latencyCount = 0;
  #latencyMax = 0;

  /** Counts `count` drops of `reason`; `countedByStore` for evictions the store returned (it counted them). */
  drop(reason: string, count = 1, countedByStore = false): void {
    if (!countedByStore) this.onDrop?.(reason, count);
    this.dropped += count;
    this.droppedSinceDelivery += count;
    this.droppedSinceByReason[reason] = (this.droppedSinceByReason[reason] ?? 0) + count;
    this.droppedByReason[reason] = (this.droppedByReason[reason] ?? 0) + count;
  }

  /** Drop counts kept by a durable store from earlier runs: counted as accepted and dropped, so the sums hold. */
  seedDrops(counts: Record<string, number>): void {
    for (const [reason, n] of Object.entries(counts)) {
      if (!(n > 0)) continue;
      this.accepted += n;
      this.dropped += n;
      this.droppedByReason[reason] = (this.droppedByReason[reason] ?? 0) + n;
    }
  }

  /** The next delivered message told about `count` drops: forget those. */
  noticeDelivered(count: number): void {
    this.droppedSinceDelivery = Math.max(0, this.droppedSinceDelivery - count);
    if (this.droppedSinceDelivery === 0) this.droppedSinceByReason = {};
  }

  recordLatency(ms: number): void {
    this.#latencies[this.#latencyCount % LATENCY_SAMPLES] = ms;
    this.#latencyCount++;
    if (ms > this.#latencyMax) this.#latencyMax = ms;
  }

  snapshot(): NotifierStats {
    const n = Math.min(this.#latencyCount, LATENCY_SAMPLES);
    const sorted = Array.from(this.#latencies.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0));
    return {
      accepted: this.accepted,
      delivered: this.delivered,
      pending: this.pending,
      inFlight: this.inFlight,
      deadLettered: this.deadLettered,
      dropped: this.dropped,
      droppedByReason: { ...this.droppedByReason },
      grouped: this.grouped,
      groups: this.openGroups(),
      digested: this.digested,
      retried: this.retried,
      rateLimited: this.rateLimited,
      latencyMs: { p50: at(0.5), p99: at(0.99), max: this.#latencyMax },
      deliveredForOthers: this.deliveredForOthers,
      deadLetteredForOthers: this.deadLetteredForOthers,
      droppedForOthers: this.droppedForOthers,
    };
  }
}
