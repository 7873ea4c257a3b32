/** The part of `process` the exit guard uses (tests pass an EventEmitter). */
export interface ExitEvents {
  once(event: 'beforeExit', listener: () => void): unknown;
  removeListener(event: 'beforeExit', listener: () => void): unknown;
}

/**
 * Delivers what a script left pending when it simply ends without `close()`. Node emits `'beforeExit'` when
 * the event loop has nothing left to do (never after `process.exit()` or a fatal signal); a notifier with
 * pending work listens for it once and then runs `onExit` (a bounded close: deliver within `exitTimeoutMs`,
 * then let go and count what is left). Armed only while work is pending, so idle notifiers add no listener;
 * disposed by `close()`, so it never fires twice (`'beforeExit'` fires again each time the loop empties).
 */
export class ExitGuard {
  readonly #events: ExitEvents | null;
  readonly #onExit: () => void;
  readonly #listener = () => {
    this.#armed = false;
    if (!this.#disposed) this.#onExit();
  };
  #armed = false;
  #disposed = false;

  /** `events` is `process` in a real notifier; `null` turns the guard off. */
  constructor(onExit: () => void, events: ExitEvents | null) {
    this.#onExit = onExit;
    this.#events = events;
  }

  get armed(): boolean {
    return this.#armed;
  }

  /** Work is pending: run `onExit` if the loop empties before it is done. */
  arm(): void {
    if (this.#armed || this.#disposed || this.#events === null) return;
    this.#events.once('beforeExit', this.#listener);
    this.#armed = true;
  }

  /** Nothing pending any more. */
  disarm(): void {
    if (!this.#armed) return;
    this.#events?.removeListener('beforeExit', this.#listener);
    this.#armed = false;
  }

  /** For good (close). */
  dispose(): void {
    this.disarm();
    this.#disposed = true;
  }
}
