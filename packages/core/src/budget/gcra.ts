/**
 * The generic cell rate algorithm, as pure functions. A bucket is one number, its theoretical arrival time
 * `tat`: the moment it would be empty again. A call may go at `now` when `now >= tat - (burst - 1) × interval`;
 * taking a slot moves `tat` one interval past `max(tat, now)`. Slots are reserved by time, never by counting
 * completions, so a late or slow request cannot let the next ones bunch up: over any span T at most
 * `burst + T / interval` slots are granted, and with `burst = 1` consecutive slots are `interval` apart.
 */

/** The earliest epoch ms at which a slot is free (may be before `now`: free now). */
export function slotFreeAt(tat: number, intervalMs: number, burst: number): number {
  return tat - (Math.max(1, burst) - 1) * intervalMs;
}

/** Ms until a slot is free at `now` (0 = now). */
export function slotWaitMs(tat: number, now: number, intervalMs: number, burst: number): number {
  return Math.max(0, slotFreeAt(tat, intervalMs, burst) - now);
}

/** Takes the slot at `now` (call when `slotWaitMs(...) === 0`): the bucket's new `tat`. */
export function takeSlot(tat: number, now: number, intervalMs: number): number {
  return Math.max(tat, now) + intervalMs;
}

/** Tokens the bucket holds at `now`, between 0 and `burst` (for states and metrics). */
export function tokensAt(tat: number, now: number, intervalMs: number, burst: number): number {
  const b = Math.max(1, burst);
  return Math.max(0, Math.min(b, b - (tat - now) / intervalMs));
}
