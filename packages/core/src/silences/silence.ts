import { randomUUID } from 'node:crypto';
import { NotifierError } from '../errors.js';
import {
  type EventAttributes,
  type EventMatch,
  isEmptyMatch,
  matchesEvent,
} from '../routing/event-attributes.js';

/** A silence: events it matches are counted (`silenced`) but ping no one and post nothing new. */
export interface Silence {
  id: string;
  /** One conversation key (the Mute buttons). Exactly one of `key` and `match`. */
  key?: string;
  /** Every event matching this (the CLI, code). */
  match?: EventMatch;
  /** Epoch ms when it ends by itself. */
  until: number;
  /** Who set it: a Slack user id, a CLI user, a service. */
  by: string;
  createdAt: number;
  /** Why, shown in lists. */
  reason?: string;
}

/** What `notifier.silence()` and the CLI take. */
export interface SilenceInput {
  key?: string;
  match?: EventMatch;
  /** Duration in ms; or give `until`. */
  forMs?: number;
  /** Epoch ms end; or give `forMs`. */
  until?: number;
  by: string;
  reason?: string;
}

/** A silence lasts at most this long (90 days): an endless silence is a deleted alert nobody remembers. */
export const MAX_SILENCE_MS = 90 * 24 * 3_600_000;

const invalid = (message: string) =>
  new NotifierError('invalid_options', message, { details: { option: 'silence' } });

/**
 * Builds a silence from its input, refusing what cannot be meant: both or neither of `key` and `match`,
 * an empty match (it would silence everything), a duration that is not positive or over 90 days, no `by`.
 * @throws NotifierError `invalid_options`.
 */
export function createSilence(input: SilenceInput, now: number, id: string = randomUUID()): Silence {
  const hasKey = input.key !== undefined;
  const hasMatch = input.match !== undefined;
  if (hasKey === hasMatch) throw invalid('a silence needs exactly one of key and match');
  if (hasKey && (typeof input.key !== 'string' || input.key === '' || input.key.length > 2000)) {
    throw invalid('silence key must be 1 to 2,000 characters');
  }
  if (hasMatch && (typeof input.match !== 'object' || input.match === null || isEmptyMatch(input.match))) {
    throw invalid('silence match must name at least one condition (an empty match would silence everything)');
  }
  const until = input.until ?? (input.forMs === undefined ? Number.NaN : now + input.forMs);
  if (!Number.isFinite(until) || until <= now || until - now > MAX_SILENCE_MS) {
    throw invalid('a silence needs forMs (or until) in the future, at most 90 days away');
  }
  if (typeof input.by !== 'string' || input.by.trim() === '' || input.by.length > 200) {
    throw invalid("a silence needs 'by' (who set it, up to 200 characters)");
  }
  return {
    id,
    ...(hasKey ? { key: input.key as string } : { match: input.match as EventMatch }),
    until,
    by: input.by,
    createdAt: now,
    ...(input.reason === undefined ? {} : { reason: String(input.reason).slice(0, 500) }),
  };
}

/** Whether `silence` is in force at `now` and covers `event`. */
export function silenceCovers(silence: Silence, event: EventAttributes, now: number): boolean {
  if (now >= silence.until) return false;
  if (silence.key !== undefined) return event.key === silence.key;
  return silence.match !== undefined && matchesEvent(silence.match, event);
}

/** The silence that covers `event` and lasts longest, if any. */
export function findSilence(
  silences: Iterable<Silence>,
  event: EventAttributes,
  now: number,
): Silence | undefined {
  let found: Silence | undefined;
  for (const s of silences) {
    if (silenceCovers(s, event, now) && (found === undefined || s.until > found.until)) found = s;
  }
  return found;
}
