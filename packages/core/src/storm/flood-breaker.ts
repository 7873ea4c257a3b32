/** The breaker counts in fixed minutes: cheap (one counter per channel), and a minute is its unit. */
const MINUTE_MS = 60_000;

interface Window {
  start: number;
  count: number;
  /** Drops in this minute (logged once per minute, not per drop). */
  tripped: boolean;
}

/**
 * Per-channel flood breaker: once a channel has accepted more than `perMinute` messages in the current
 * minute, `low` ones are refused (the caller drops them as `flood`, counted and told in the next message);
 * `normal` and `high` still go (the digests fold `normal` when the backlog grows). `Infinity` turns it off.
 */
export class FloodBreaker {
  readonly #perMinute: number;
  readonly #windows = new Map<string, Window>();

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  get enabled(): boolean {
    return Number.isFinite(this.#perMinute);
  }

  /**
   * Counts one accepted message; returns `'drop'` when it is low and the channel is over its minute's
   * budget, `'trip'` the first time that happens in a minute (drop it, and say so), else `'pass'`.
   */
  admit(channel: string, priority: string, now: number): 'pass' | 'drop' | 'trip' {
    let w = this.#windows.get(channel);
    if (w === undefined || now - w.start >= MINUTE_MS) {
      w = { start: now - ((now - (w?.start ?? now)) % MINUTE_MS), count: 0, tripped: false };
      this.#windows.set(channel, w);
    }
    w.count++;
    if (w.count <= this.#perMinute || priority !== 'low') return 'pass';
    if (w.tripped) return 'drop';
    w.tripped = true;
    return 'trip';
  }
}
