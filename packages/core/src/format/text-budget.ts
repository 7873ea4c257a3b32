import { truncateMrkdwn, truncatePlain } from './truncate.js';

/** A string property inside a payload that counts towards a cumulative text budget. */
export interface TextSlot {
  holder: Record<string, unknown>;
  key: string;
  kind: 'mrkdwn' | 'plain';
}

function lengthOf(slot: TextSlot): number {
  const v = slot.holder[slot.key];
  return typeof v === 'string' ? v.length : 0;
}

/** Sum of the slots' lengths in UTF-16 code units. */
export function totalLength(slots: TextSlot[]): number {
  return slots.reduce((sum, slot) => sum + lengthOf(slot), 0);
}

/**
 * Cuts the longest texts first until the total fits `budget` ("water filling": every text longer than a
 * common cap is cut to that cap, shorter ones are untouched), so one huge field does not wipe out the rest.
 */
export function shrinkToBudget(slots: TextSlot[], budget: number): void {
  if (totalLength(slots) <= budget) return;
  const sorted = slots.map(lengthOf).sort((a, b) => a - b);
  let remaining = budget;
  let cap = 1;
  for (let i = 0; i < sorted.length; i++) {
    const length = sorted[i] ?? 0;
    const share = Math.floor(remaining / (sorted.length - i));
    if (length > share) {
      cap = Math.max(1, share);
      break;
    }
    remaining -= length;
  }
  for (const slot of slots) {
    const v = slot.holder[slot.key];
    if (typeof v !== 'string' || v.length <= cap) continue;
    slot.holder[slot.key] = slot.kind === 'plain' ? truncatePlain(v, cap) : truncateMrkdwn(v, cap);
  }
}
