/**
 * How the keep-alive holds the event loop: `ref()` creates one referenced handle, `unref(handle)` lets it go.
 * Tests pass counting fakes; the default is one long `setInterval`.
 */
export interface LoopHandles {
  ref(): unknown;
  unref(handle: unknown): void;
}

// The longest delay a Node timer takes (2^31 - 1 ms): it never fires in practice, it only holds the loop.
const MAX_TIMER_MS = 2_147_483_647;

const realHandles: LoopHandles = {
  ref: () => setInterval(() => undefined, MAX_TIMER_MS),
  unref: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Handles that hold nothing: a notifier on a custom `Clock` (a fake one in tests) keeps its deadlines on that
 * clock, so holding the real event loop for them could last for ever.
 */
export const inertHandles: LoopHandles = { ref: () => undefined, unref: () => undefined };

/** Lets go of one hold; calling it again does nothing. */
export type ReleaseHold = () => void;

/**
 * The one referenced handle a notifier ever owns. All the notifier's own timers are unref'd, so nothing it
 * does keeps a process alive; only someone waiting on it does (a `flush()`, a `close()`, an awaited receipt,
 * the exit-time delivery). Each wait takes a hold and releases it when it ends or its deadline passes; the
 * handle exists while at least one hold does. An idle notifier holds nothing.
 */
export class KeepAlive {
  readonly #handles: LoopHandles;
  #holds = 0;
  #handle: unknown;

  constructor(handles: LoopHandles = realHandles) {
    this.#handles = handles;
  }

  /** Holds currently taken (the handle exists when this is above 0). */
  get holds(): number {
    return this.#holds;
  }

  /** Keep the loop alive until the returned function is called. */
  hold(): ReleaseHold {
    if (this.#holds++ === 0) this.#handle = this.#handles.ref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#holds === 0) {
        this.#handles.unref(this.#handle);
        this.#handle = undefined;
      }
    };
  }
}
