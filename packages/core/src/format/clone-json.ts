import { NotifierError } from '../errors.js';
import { toWellFormed } from './well-formed.js';

function wellFormedDeep(v: unknown): unknown {
  if (typeof v === 'string') return toWellFormed(v);
  if (Array.isArray(v)) return v.map(wellFormedDeep);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [toWellFormed(k), wellFormedDeep(x)]));
  }
  return v;
}

/**
 * A deep copy of a payload through JSON (so it is exactly what will be sent), with every string made
 * well-formed UTF-16.
 * @throws NotifierError `invalid_notification` when it cannot be JSON-encoded (a cycle, a BigInt).
 */
export function cloneJson<T>(value: T, what: string): T {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    throw new NotifierError(
      'invalid_notification',
      `${what} must be JSON-serializable (no cycles, no BigInt)`,
      {
        details: { field: what },
      },
    );
  }
  return wellFormedDeep(JSON.parse(json)) as T;
}
