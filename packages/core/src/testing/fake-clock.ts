import type { Clock } from '../types.js';

/** A `Clock` that only moves when told to; `advance()` runs the timers that fall due, in order. */
export interface FakeClock extends Clock {
  /** Move time forward by `ms`, running due timers and letting promise chains settle after each one. */
  advance(ms: number): Promise<void>;
  /** Let pending promise chains settle without moving time. */
  settle(): Promise<void>;
  /** Timers not yet run. */
  readonly pendingTimers: number;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Creates a fake clock starting at `start` epoch ms. */
export function createFakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, Timer>();

  const settle = async (): Promise<void> => {
    // A few rounds: a settled promise may schedule more microtasks and those may set timers.
    for (let i = 0; i < 5; i++) await macrotask();
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(0, ms), seq: ++seq, fn };
      timers.set(timer.seq, timer);
      return timer.seq;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    get pendingTimers() {
      return timers.size;
    },
    settle,
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (let runs = 0; ; runs++) {
        // A timer that keeps re-arming itself at the same instant would spin forever: fail loudly instead.
        if (runs > 100_000) throw new Error(`fake clock: more than 100000 timers ran at or before ${target}`);
        let next: Timer | undefined;
        for (const t of timers.values()) {
          if (
            t.at <= target &&
            (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))
          )
            next = t;
        }
        if (next === undefined) break;
        timers.delete(next.seq);
        now = Math.max(now, next.at);
        next.fn();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
