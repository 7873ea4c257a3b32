import type { BackoffOptions } from '../types.js';

/** The hard cap on any backoff delay, whatever the options say. */
export const MAX_BACKOFF_MS = 60_000;

/**
 * The delay before retry number `failures` (1 = first retry): `baseMs × 2^(failures−1)`, capped at `maxMs`
 * (itself capped at 60 s), then jittered so that many clients failing together do not retry together.
 * `random` is injectable for tests.
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}, random = Math.random): number {
  const base = options.baseMs ?? 1000;
  const cap = Math.min(options.maxMs ?? MAX_BACKOFF_MS, MAX_BACKOFF_MS);
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const delay = Math.min(cap, base * 2 ** exponent);
  switch (options.jitter ?? 'full') {
    case 'none':
      return delay;
    case 'equal':
      return delay / 2 + random() * (delay / 2);
    default:
      return random() * delay;
  }
}
