import type { Clock } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';

/**
 * The health check every `healthCheckIntervalMs` (its timer unref'd, like every timer of the notifier): it
 * rejoins lost channels, retries setup and the token, and drains the queue. The next one is timed when one
 * ends, so they never overlap. `0` turns it off.
 */
export class PeriodicCheck {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  #check: () => Promise<void> = async () => undefined;
  readonly #logger: GuardedLogger;
  #timer: unknown;
  #stopped = false;

  constructor(clock: Clock, intervalMs: number, logger: GuardedLogger) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#logger = logger;
  }

  /** Run `check` every interval from now on (until `stop()`). */
  start(check: () => Promise<void>): void {
    this.#check = check;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#intervalMs === 0 || this.#stopped) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#check()
        .catch((error: unknown) => {
          this.#logger.log('warn', 'periodic health check failed', { error: String(error) });
        })
        .finally(() => this.#schedule());
    }, this.#intervalMs);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
