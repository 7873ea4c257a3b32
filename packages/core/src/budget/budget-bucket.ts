import { priorityRank } from '../queue/priority-rank.js';
import type { BucketRate } from './budget-rates.js';
import type { BudgetPriority } from './budget-types.js';
import { slotFreeAt, slotWaitMs, takeSlot, tokensAt } from './gcra.js';

/** A call waiting for its slot. */
export interface Waiter {
  rank: 0 | 1 | 2;
  seq: number;
  resolve(go: boolean): void;
  /** Detaches the abort listener (once settled). */
  cleanup?(): void;
}

/**
 * One bucket's state: its GCRA `tat`, a 429 pause, and the calls waiting, kept sorted by priority then
 * arrival. Pure bookkeeping: the scheduler (`createSlackBudget`) owns the timers.
 */
export class BudgetBucket {
  readonly rate: BucketRate;
  /** Theoretical arrival time: the bucket is empty until then (GCRA). */
  tat = 0;
  pausedUntil = 0;
  readonly waiters: Waiter[] = [];
  /** A granted call still waiting for the shared (Redis) slot: the next one waits behind it. */
  holding: Waiter | undefined;
  timer: unknown;
  timerAt = 0;

  constructor(rate: BucketRate) {
    this.rate = rate;
  }

  /** Inserts by (rank, seq): a high-priority call passes every normal and low one already waiting. */
  enqueue(waiter: Waiter): void {
    let lo = 0;
    let hi = this.waiters.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const w = this.waiters[mid] as Waiter;
      if (w.rank < waiter.rank || (w.rank === waiter.rank && w.seq < waiter.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.waiters.splice(lo, 0, waiter);
  }

  remove(waiter: Waiter): boolean {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return false;
    this.waiters.splice(i, 1);
    return true;
  }

  /** Ms until the head may go at `now` (0 = now): the later of the pause and the next free slot. */
  waitMs(now: number): number {
    const { intervalMs, burst } = this.rate;
    return Math.max(0, this.pausedUntil - now, slotWaitMs(this.tat, now, intervalMs, burst));
  }

  /** Takes the slot at `now`. */
  take(now: number): void {
    this.tat = takeSlot(this.tat, now, this.rate.intervalMs);
  }

  /** A 429: nothing before `until`, then one call, then the rate (no burst saved up during the pause). */
  pause(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    const { intervalMs, burst } = this.rate;
    this.tat = Math.max(this.tat, until + (Math.max(1, burst) - 1) * intervalMs);
  }

  /**
   * Ms a new call of `priority` would wait at `now`: it comes after every waiting call of the same or a
   * higher priority (and one being granted), and the j-th slot from now is free at
   * `max(tat, now) - (burst - 1) × interval + j × interval`.
   */
  waitFor(priority: BudgetPriority | undefined, now: number): number {
    const rank = priorityRank(priority);
    let ahead = this.holding === undefined ? 0 : 1;
    for (const w of this.waiters) if (w.rank <= rank) ahead++;
    const { intervalMs, burst } = this.rate;
    const free = slotFreeAt(Math.max(this.tat, now), intervalMs, burst) + ahead * intervalMs;
    return Math.max(0, Math.ceil(Math.max(this.pausedUntil, free) - now));
  }

  tokens(now: number): number {
    return tokensAt(this.tat, now, this.rate.intervalMs, this.rate.burst);
  }
}
