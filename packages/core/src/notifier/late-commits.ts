import { NotifierError } from '../errors.js';
import type { HistoryBudget } from '../slack/find-posted.js';
import type { Clock, LateCommitOptions } from '../types.js';
import { createHistoryBudget } from './history-budget.js';

/** Timed-out posts remembered at most (the oldest is forgotten first; a forgotten one is looked up once). */
const MAX_RECORDS = 10_000;
/** How many recent landings the grace is learned from. */
const LEARN_FROM = 16;

/** What is known about one message whose post timed out. */
export interface TimedOutPost {
  /** The id whose metadata the post carried: its own, or the first item's for a digest. */
  lookupId: string;
  /** When the first attempt's outcome became unknown (its timeout, our clock): lateness is measured from it. */
  firstFailedAt: number;
  /** When the last attempt's outcome became unknown: its window (the grace) starts there. */
  failedAt: number;
  /** The look-up before the end of the window was made: the next one is the last before posting again. */
  final: boolean;
}

/** What to do with a timed-out message now. */
export type LateCommitPlan =
  | { action: 'wait'; until: number }
  | { action: 'look'; lookupId: string; final: boolean; oldestMs: number }
  /** Its digest's fate is known already: found with `ts`, or given up (`undefined`: post it alone). */
  | { action: 'known'; ts: string | undefined };

/**
 * What the notifier knows about timed-out posts that Slack may still be storing (late commits), shared by
 * every channel: the record of each such message, the grace to give it (learned from how late Slack's `ts`
 * shows the earlier ones landed, between `graceMs` and `maxGraceMs`), and the budget of history calls.
 *
 * Per timed-out attempt it plans at most two look-ups: one when the message should have landed (right after
 * the backoff while Slack is not known to commit late; later once it is), one at the end of the grace.
 * The items of a timed-out digest share the first one's fate (the digest carries its id): one look-up
 * settles them all. Records live in this process only: an item recovered from a durable store, or claimed
 * by another replica, has none and is looked up once (by its own id) before it is posted again.
 */
export class LateCommits {
  readonly timeoutMs: number;
  readonly graceMs: number;
  readonly maxGraceMs: number;
  /** History calls per minute (pages), for the look-ups of this notifier. */
  readonly budget: HistoryBudget;
  readonly #records = new Map<string, TimedOutPost>();
  /** Fate of timed-out digests by their first item's id: the `ts` found, or null once given up. */
  readonly #digests = new Map<string, string | null | undefined>();
  /** Lateness past the failure (ms, ≥ 0) of the last found timed-out posts, newest last. */
  readonly #landings: number[] = [];

  constructor(options: LateCommitOptions | undefined, timeoutMs: number, clock: Clock) {
    const o = options ?? {};
    this.timeoutMs = timeoutMs;
    this.graceMs = nonNegative('lateCommit.graceMs', o.graceMs, timeoutMs);
    this.maxGraceMs = nonNegative(
      'lateCommit.maxGraceMs',
      o.maxGraceMs,
      Math.max(this.graceMs, 3 * timeoutMs),
    );
    if (this.maxGraceMs < this.graceMs) invalid('lateCommit.maxGraceMs must be at least lateCommit.graceMs');
    const perMinute = o.historyPerMinute ?? 50;
    if (!(typeof perMinute === 'number' && perMinute > 0))
      invalid('lateCommit.historyPerMinute must be a positive number');
    this.budget = createHistoryBudget(perMinute, clock);
  }

  /** Largest recent lateness (ms past the timeout) of timed-out posts that were found; 0 when none. */
  get lateness(): number {
    return this.#landings.length === 0 ? 0 : Math.max(...this.#landings);
  }

  /** Grace given to a timed-out post now: twice the recent lateness, within `graceMs`..`maxGraceMs`. */
  currentGraceMs(): number {
    return Math.min(this.maxGraceMs, Math.max(this.graceMs, 2 * this.lateness));
  }

  /**
   * A post of `id` failed ambiguously at `failedAt` (a timeout, or Slack's `fatal_error`): Slack may store
   * it later. The window is measured from `failedAt`, not from when the post was handed to the client: a
   * request can wait in the client's queue (its concurrency cap) and its timeout only starts when it goes
   * out. `alongWith`: the other items of a digest that carried `id`.
   */
  timedOut(id: string, failedAt: number, alongWith: readonly string[] = []): void {
    const firstFailedAt = this.#records.get(id)?.firstFailedAt ?? failedAt;
    this.#set(id, { lookupId: id, firstFailedAt, failedAt, final: false });
    if (alongWith.length === 0) return;
    this.#digests.set(id, undefined);
    for (const other of alongWith) this.#set(other, { lookupId: id, firstFailedAt, failedAt, final: false });
    trim(this.#digests);
  }

  record(id: string): TimedOutPost | undefined {
    return this.#records.get(id);
  }

  /** The message was delivered, found, dead-lettered or dropped: nothing more to expect. */
  forget(id: string): void {
    this.#records.delete(id);
  }

  /**
   * When and how to look `id` up. `fallbackOldestMs` is where to read from without a record (the item's
   * acceptance); both are moved back by `skewMs` for clock skew between us and Slack.
   */
  plan(id: string, now: number, fallbackOldestMs: number, skewMs: number): LateCommitPlan {
    const rec = this.#records.get(id);
    if (rec === undefined) {
      return { action: 'look', lookupId: id, final: true, oldestMs: fallbackOldestMs - skewMs };
    }
    const fate = rec.lookupId === id ? undefined : this.#digests.get(rec.lookupId);
    if (fate !== undefined) return { action: 'known', ts: fate ?? undefined };
    // It went out at most `timeoutMs` before it failed.
    const oldestMs = rec.firstFailedAt - this.timeoutMs - skewMs;
    const look = { action: 'look', lookupId: rec.lookupId, oldestMs } as const;
    const end = rec.failedAt + this.currentGraceMs();
    if (rec.final) return now < end ? { action: 'wait', until: end } : { ...look, final: true };
    // Where recent posts landed late, a look before then would only spend a call.
    const expected = Math.min(end, rec.failedAt + 1.25 * this.lateness);
    if (now < expected) return { action: 'wait', until: expected };
    return { ...look, final: now >= end };
  }

  /**
   * The look-up before the end of the window found nothing: the time until which to wait for a last one,
   * or undefined when the window is over (post again).
   */
  absent(id: string, now: number): number | undefined {
    const rec = this.#records.get(id);
    if (rec === undefined || rec.final) return undefined;
    rec.final = true;
    const end = rec.failedAt + this.currentGraceMs();
    return now < end ? end : undefined;
  }

  /** Not found at the end of its window: `id` is posted again (alone), and so are its digest's others. */
  givenUp(id: string): void {
    const rec = this.#records.get(id);
    if (rec !== undefined && this.#digests.has(rec.lookupId)) this.#digests.set(rec.lookupId, null);
  }

  /** A timed-out post was found with Slack's `ts`: learn how late it landed, forget the record. */
  found(id: string, ts: string): number | undefined {
    const rec = this.#records.get(id);
    this.#records.delete(id);
    if (rec !== undefined && this.#digests.has(rec.lookupId)) this.#digests.set(rec.lookupId, ts);
    const landedMs = Number(ts) * 1000;
    if (rec === undefined || !Number.isFinite(landedMs)) return undefined;
    // Measured from the first attempt: if a later attempt is what landed, this overestimates, which only
    // makes the next grace longer (fewer duplicates), and the cap bounds it.
    const lateness = Math.max(0, landedMs - rec.firstFailedAt);
    this.#landings.push(lateness);
    if (this.#landings.length > LEARN_FROM) this.#landings.shift();
    return lateness;
  }

  /** Records held (for tests). */
  get size(): number {
    return this.#records.size;
  }

  #set(id: string, rec: TimedOutPost): void {
    this.#records.delete(id);
    this.#records.set(id, rec);
    trim(this.#records);
  }
}

/** Forgets the oldest entries of an insertion-ordered map beyond `MAX_RECORDS`. */
function trim(map: Map<string, unknown>): void {
  while (map.size > MAX_RECORDS) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}

function invalid(message: string): never {
  throw new NotifierError('invalid_options', message);
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) invalid(`${name} must be a number >= 0`);
  return v;
}
