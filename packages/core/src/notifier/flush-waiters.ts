import type { Clock } from '../types.js';

interface Waiter {
  resolve: (delivered: boolean) => void;
  timer: unknown;
}

/** The callers of `flush()`: resolved with true as soon as nothing is pending, or with the state at their timeout. */
export class FlushWaiters {
  readonly #clock: Clock;
  readonly #isDone: () => boolean;
  readonly #waiters = new Set<Waiter>();

  constructor(clock: Clock, isDone: () => boolean) {
    this.#clock = clock;
    this.#isDone = isDone;
  }

  wait(timeoutMs: number): Promise<boolean> {
    if (this.#isDone()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: this.#clock.setTimeout(() => {
          this.#waiters.delete(waiter);
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
      waiter.resolve(true);
    }
    this.#waiters.clear();
  }
}
