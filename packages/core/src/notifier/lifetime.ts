import { AwaitedReceipts } from '../lifecycle/awaited-receipts.js';
import { type ExitEvents, ExitGuard } from '../lifecycle/exit-guard.js';
import { inertHandles, KeepAlive, type ReleaseHold } from '../lifecycle/keep-alive.js';
import type { Clock } from '../types.js';

/** What {@link Lifetime} is built from. */
export interface LifetimeOptions {
  clock: Clock;
  /** The notifier runs on the system clock (not a custom one). */
  realClock: boolean;
  exitTimeoutMs: number;
  receiptKeepAliveMs: number;
  /** Test seams. */
  keepAlive?: KeepAlive | undefined;
  exitEvents?: ExitEvents | null | undefined;
  /** The script ended (`'beforeExit'`) with work pending. */
  onBeforeExit(): void;
}

/**
 * The notifier's part in its process's life: the one keep-alive handle (held while someone waits on the
 * notifier), the awaited receipts that take it, and the exit guard that closes a notifier a script left
 * with pending work. On a custom clock (a fake one in tests) nothing is held and `'beforeExit'` is not
 * listened for: deadlines are that clock's, so holding the real loop for them could last for ever.
 */
export class Lifetime {
  readonly keepAlive: KeepAlive;
  readonly receipts: AwaitedReceipts;
  readonly #exitGuard: ExitGuard;

  constructor(o: LifetimeOptions) {
    this.keepAlive = o.keepAlive ?? new KeepAlive(o.realClock ? undefined : inertHandles);
    this.receipts = new AwaitedReceipts(this.keepAlive, o.clock, o.receiptKeepAliveMs);
    const events = o.exitEvents !== undefined ? o.exitEvents : o.realClock ? process : null;
    this.#exitGuard = new ExitGuard(o.onBeforeExit, o.exitTimeoutMs === 0 ? null : events);
  }

  /** After `notify()` or a store's recovery: with work pending, watch for the script's end. Cheap. */
  pending(count: number): void {
    if (count > 0) this.#exitGuard.arm();
  }

  /** Something settled: awaited receipts see progress; with nothing pending, stop watching. */
  settled(pending: number): void {
    this.receipts.progress();
    if (pending === 0) this.#exitGuard.disarm();
  }

  /** Keep the process alive until `work` settles (someone awaits it). */
  holdFor<T>(work: Promise<T>): Promise<T> {
    const release: ReleaseHold = this.keepAlive.hold();
    work.then(release, release);
    return work;
  }

  /** close() began: the exit guard is done for good. */
  closing(): void {
    this.#exitGuard.dispose();
  }

  /** close() stops: awaited receipts no longer hold the process. */
  stop(): void {
    this.receipts.stop();
  }
}
