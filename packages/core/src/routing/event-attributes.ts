import type { Priority } from '../types.js';

/** What routing rules and silences look at in an event. Built by the notifier from a notification. */
export interface EventAttributes {
  /** The conversation key (fingerprint, deployment identity or explicit key). */
  key?: string;
  priority: Priority;
  /** Where it came from: `express`, `nest`, `winston`, `pino`, `fastify`, `hono`, `notify`… */
  source?: string;
  /** The error's class name (`TypeError`, `QueryFailedError`…). */
  errorClass?: string;
  /** `production`, `staging`… */
  environment?: string;
  /** Free labels (`service`, `team`, `region`…). */
  labels?: Readonly<Record<string, string>>;
}

/** One value or any of several. */
export type OneOrMany<T> = T | readonly T[];

/** A condition on an event: every field given must hold (a list means any of its values). */
export interface EventMatch {
  priority?: OneOrMany<Priority>;
  source?: OneOrMany<string>;
  errorClass?: OneOrMany<string>;
  environment?: OneOrMany<string>;
  /** Every label given must equal the event's. */
  labels?: Readonly<Record<string, string>>;
}

const FIELDS = ['priority', 'source', 'errorClass', 'environment'] as const;

function anyOf<T>(wanted: OneOrMany<T>, actual: T | undefined): boolean {
  if (actual === undefined) return false;
  return Array.isArray(wanted) ? (wanted as readonly T[]).includes(actual) : wanted === actual;
}

/** Whether `event` satisfies `match`. An empty match matches everything (use it for a catch-all). */
export function matchesEvent(match: EventMatch, event: EventAttributes): boolean {
  for (const field of FIELDS) {
    const wanted = match[field];
    if (wanted !== undefined && !anyOf<string>(wanted as OneOrMany<string>, event[field])) return false;
  }
  if (match.labels) {
    for (const [name, value] of Object.entries(match.labels)) {
      if (event.labels?.[name] !== value) return false;
    }
  }
  return true;
}

/** Whether `match` names at least one condition. */
export function isEmptyMatch(match: EventMatch): boolean {
  return FIELDS.every((f) => match[f] === undefined) && Object.keys(match.labels ?? {}).length === 0;
}
