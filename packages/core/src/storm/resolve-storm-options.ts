import { NotifierError } from '../errors.js';
import type { NotifierOptions } from '../types.js';

/** Storm options with every default filled in. */
export interface StormSettings {
  match: 'errors' | 'all' | 'off';
  waitMs: number;
  windowMs: number;
  intervalMs: number;
  repeatAfterMs: number;
  sampleReplies: number;
  maxGroups: number;
  digestAfterMs: number;
  digestMaxItems: number;
  floodPerMinute: number;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) {
    throw new NotifierError('invalid_options', `${name} must be a number ≥ 0`);
  }
  return v;
}

/** Checks `grouping`, `digest` and `flood` and fills in their defaults. Throws `NotifierError('invalid_options')`. */
export function resolveStormOptions(options: NotifierOptions): StormSettings {
  const g = options.grouping ?? {};
  const match = g.match ?? 'errors';
  if (!['errors', 'all', 'off'].includes(match)) {
    throw new NotifierError('invalid_options', "grouping.match must be 'errors', 'all' or 'off'");
  }
  const digestMaxItems = nonNegative('digest.maxItems', options.digest?.maxItems, 20);
  if (!Number.isInteger(digestMaxItems) || digestMaxItems < 2 || digestMaxItems > 40) {
    throw new NotifierError('invalid_options', 'digest.maxItems must be an integer from 2 to 40');
  }
  const windowMs = nonNegative('grouping.windowMs', g.windowMs, 600_000);
  return {
    match,
    waitMs: nonNegative('grouping.waitMs', g.waitMs, 0),
    windowMs,
    intervalMs: Math.max(1, nonNegative('grouping.intervalMs', g.intervalMs, 30_000)),
    repeatAfterMs: nonNegative('grouping.repeatAfterMs', g.repeatAfterMs, 600_000),
    sampleReplies: Math.floor(nonNegative('grouping.sampleReplies', g.sampleReplies, 0)),
    maxGroups: Math.max(1, Math.floor(nonNegative('grouping.maxGroups', g.maxGroups, 10_000))),
    digestAfterMs: nonNegative('digest.afterMs', options.digest?.afterMs, 60_000),
    digestMaxItems,
    floodPerMinute: nonNegative('flood.perMinute', options.flood?.perMinute, Number.POSITIVE_INFINITY),
  };
}
