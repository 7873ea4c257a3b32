import type { Clock } from '../types.js';
import type { KeepAlive, ReleaseHold } from './keep-alive.js';

/** What a receipt tells about itself: someone started waiting on `delivered`, and that wait ended. */
export interface ReceiptWatch {
  observe(): void;
  done(): void;
}

/**
 * Keeps the process alive while someone waits on a `receipt.delivered` whose message is pending, as long as
 * the notifier makes progress: a receipt has no deadline of its own, so the hold lets go after `stallMs`
 * without any message settling (Slack hanging or down), and takes hold again if progress resumes while the
 * process is still alive. One hold for all the receipts of a notifier, one unref'd timer to notice a stall.
 */
export class AwaitedReceipts implements ReceiptWatch {
  readonly #keepAlive: KeepAlive;
  readonly #clock: Clock;
  readonly #stallMs: number;
  #waiting = 0;
  #release: ReleaseHold | undefined;
  #lastProgress = 0;
  #timer: unknown;
  #stopped = false;

  constructor(keepAlive: KeepAlive, clock: Clock, stallMs: number) {
    this.#keepAlive = keepAlive;
    this.#clock = clock;
    this.#stallMs = stallMs;
  }

  /** Receipts being waited on whose message has not settled. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Whether the hold is taken now. */
  get holding(): boolean {
    return this.#release !== undefined;
  }

  observe(): void {
    this.#waiting++;
    this.progress();
  }

  done(): void {
    if (this.#waiting > 0) this.#waiting--;
    this.progress();
  }

  /** Something settled (or a wait started): the stall clock starts again. */
  progress(): void {
    this.#lastProgress = this.#clock.now();
    if (this.#waiting === 0) {
      this.#let();
      return;
    }
    if (this.#release !== undefined || this.#stopped || this.#stallMs === 0) return;
    this.#release = this.#keepAlive.hold();
    this.#arm(this.#stallMs);
  }

  /** Lets go for good (close): receipts still waited on no longer hold the process. */
  stop(): void {
    this.#stopped = true;
    this.#let();
  }

  #arm(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      const idle = this.#clock.now() - this.#lastProgress;
      if (idle >= this.#stallMs) this.#let();
      else this.#arm(this.#stallMs - idle);
    }, ms);
  }

  #let(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#release?.();
    this.#release = undefined;
  }
}
