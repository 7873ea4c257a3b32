import type { HistoryBudget } from '../slack/find-posted.js';
import type { Clock } from '../types.js';

/** History calls that may go back to back before the per-minute pace applies. */
export const HISTORY_BURST = 3;

/**
 * The notifier's budget of history calls (`conversations.history`/`replies` pages): `perMinute`, with a burst
 * of {@link HISTORY_BURST}. Unlike the pacing bucket it can go into debt: a look-up that needs more pages
 * than the budget holds reads them all (a walk cut half-way would start again from its first page and could
 * starve), and the next look-up waits until the debt is paid off, so the rate holds over time.
 */
export function createHistoryBudget(perMinute: number, clock: Clock): HistoryBudget {
  const perMs = perMinute / 60_000;
  let tokens = HISTORY_BURST;
  let at = clock.now();
  const refill = () => {
    const now = clock.now();
    if (now > at) tokens = Math.min(HISTORY_BURST, tokens + (now - at) * perMs);
    at = Math.max(at, now);
  };
  return {
    waitMs() {
      refill();
      // A tiny epsilon absorbs floating-point dust so a full token is not reported as 0.9999999.
      return tokens >= 1 - 1e-9 ? 0 : Math.ceil((1 - tokens) / perMs);
    },
    take() {
      refill();
      tokens -= 1;
    },
  };
}
