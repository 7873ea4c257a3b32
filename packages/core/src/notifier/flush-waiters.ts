import type { KeepAlive, ReleaseHold } from '../lifecycle/keep-alive.js';
import type { Clock } from '../types.js';

interface Waiter {
  resolve: (delivered: boolean) => void;
  timer: unknown;
  release: ReleaseHold;
}

/** What {@link FlushWaiters} watches. */
export interface FlushWaitersOptions {
  clock: Clock;
  /** Nothing left to wait for: no message pending, no storm counter due. */
  isDone(): boolean;
  /** Someone waits: send what would otherwise wait for its own timer (the storm counters that are due). */
  hurry?(): void;
  keepAlive?: KeepAlive | undefined;
}

/**
 * The callers of `flush()`: resolved with true as soon as nothing is left to wait for (no message pending,
 * no storm counter due), or with the state at their timeout. While someone waits, due counters are sent at
 * once (`hurry`) instead of at the end of their interval. While one waits with work pending it holds the
 * keep-alive, so a script's `await flush()` is not cut short by an empty event loop (the notifier's own
 * timers are unref'd); the hold ends with the wait.
 */
export class FlushWaiters {
  readonly #clock: Clock;
  readonly #isDone: () => boolean;
  readonly #hurry: () => void;
  readonly #keepAlive: KeepAlive | undefined;
  readonly #waiters = new Set<Waiter>();

  constructor(o: FlushWaitersOptions) {
    this.#clock = o.clock;
    this.#isDone = o.isDone;
    this.#hurry = o.hurry ?? noop;
    this.#keepAlive = o.keepAlive;
  }

  /** Callers waiting now. */
  get size(): number {
    return this.#waiters.size;
  }

  wait(timeoutMs: number): Promise<boolean> {
    this.#hurry();
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

  /** Call whenever something settled (a message, a storm counter update). */
  check(): void {
    if (this.#waiters.size === 0) return;
    if (!this.#isDone()) {
      this.#hurry();
      return;
    }
    for (const waiter of this.#waiters) {
      this.#clock.clearTimeout(waiter.timer);
      waiter.release();
      waiter.resolve(true);
    }
    this.#waiters.clear();
  }
}

function noop(): void {}
