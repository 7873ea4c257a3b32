import type { Priority } from '../types.js';

/** The mark put in front of a message's text or header, per priority. */
export type PriorityMarkers = Record<Priority, string>;

/** The seed's markers. */
export const DEFAULT_MARKERS: Readonly<PriorityMarkers> = Object.freeze({
  high: '🔴',
  normal: '🟢',
  low: '⚪',
});

/**
 * The markers in effect: the defaults overridden by `markers` (an empty string turns a marker off).
 * @default DEFAULT_MARKERS
 */
export function resolveMarkers(markers?: Partial<PriorityMarkers>): PriorityMarkers {
  const resolved: PriorityMarkers = { ...DEFAULT_MARKERS };
  for (const key of ['high', 'normal', 'low'] as const) {
    const value = markers?.[key];
    if (typeof value === 'string') resolved[key] = value;
  }
  return resolved;
}
