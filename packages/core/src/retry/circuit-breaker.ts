import type { CircuitOptions } from '../types.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * The auth circuit: after `failureThreshold` consecutive auth failures no request goes out until, once per
 * `cooldownMs`, a single probe is allowed. A success closes it; a failed probe opens it for another cooldown.
 */
export interface CircuitBreaker {
  readonly state: CircuitState;
  /** The Slack code of the last auth failure (e.g. `invalid_auth`). */
  readonly lastCode: string | undefined;
  /** Consecutive auth failures so far (0 = healthy). */
  readonly failures: number;
  /** Whether ordinary traffic may go out at `now`. */
  allows(now: number): boolean;
  /** Ms until a probe may go out (0 when one may go now or the circuit is closed). */
  probeDueIn(now: number): number;
  /** Claim the one probe of this cooldown; false when it is not due or already taken. */
  tryProbe(now: number): boolean;
  success(): void;
  failure(code: string, now: number): void;
  /** Open at once (Slack refused the token at start: no need to count to the threshold). */
  trip(code: string, now: number): void;
}

export function createCircuitBreaker(options: CircuitOptions = {}): CircuitBreaker {
  const threshold = Math.min(Math.max(options.failureThreshold ?? 2, 1), 3);
  const cooldownMs = options.cooldownMs ?? 60_000;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let lastCode: string | undefined;

  return {
    get state() {
      return state;
    },
    get lastCode() {
      return lastCode;
    },
    get failures() {
      return failures;
    },
    allows: () => state === 'closed',
    probeDueIn(now) {
      if (state !== 'open') return 0;
      return Math.max(0, openedAt + cooldownMs - now);
    },
    tryProbe(now) {
      if (state !== 'open' || now < openedAt + cooldownMs) return false;
      state = 'half_open';
      return true;
    },
    success() {
      state = 'closed';
      failures = 0;
      lastCode = undefined;
    },
    trip(code, now) {
      lastCode = code;
      state = 'open';
      openedAt = now;
    },
    failure(code, now) {
      lastCode = code;
      failures++;
      if (state === 'half_open' || failures >= threshold) {
        state = 'open';
        openedAt = now;
      }
    },
  };
}
