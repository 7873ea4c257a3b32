import type { KeepAlive, ReleaseHold } from '../lifecycle/keep-alive.js';
import type { Clock } from '../types.js';

interface Waiter {
  resolve: (delivered: boolean) => void;
  timer: unknown;
  release: ReleaseHold;
}

/**
 * The callers of `flush()`: resolved with true as soon as nothing is pending, or with the state at their
 * timeout. While one waits with work pending it holds the keep-alive, so a script's `await flush()` is not
 * cut short by an empty event loop (the notifier's own timers are unref'd); the hold ends with the wait.
 */
export class FlushWaiters {
  readonly #clock: Clock;
  readonly #isDone: () => boolean;
  readonly #keepAlive: KeepAlive | undefined;
  readonly #waiters = new Set<Waiter>();

  constructor(clock: Clock, isDone: () => boolean, keepAlive?: KeepAlive) {
    this.#clock = clock;
    this.#isDone = isDone;
    this.#keepAlive = keepAlive;
  }

  /** Callers waiting now. */
  get size(): number {
    return this.#waiters.size;
  }

  wait(timeoutMs: number): Promise<boolean> {
    if (this.#isDone()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        release: this.#keepAlive?.hold() ?? noop,
        timer: this.#clock.setTimeout(() => {
          this.#waiters.delete(waiter);
          waiter.release();
          resolve(this.#isDone());
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Call whenever something settled. */
  check(): void {
    if (this.#waiters.size === 0 || !this.#isDone()) return;
    for (const waiter of this.#waiters) {
      this.#clock.clearTimeout(waiter.timer);
      waiter.release();
      waiter.resolve(true);
    }
    this.#waiters.clear();
  }
}

function noop(): void {}
