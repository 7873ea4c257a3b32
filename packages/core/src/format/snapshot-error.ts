import { errorHead, isErrorLike, keepMessage, MESSAGE_MAX } from './describe-error.js';
import { readable } from './read-limit.js';
import { renderValue } from './render-value.js';

/**
 * An error as plain JSON data, for stores: what `describeError` and `fingerprintOf` read, nothing more.
 * Strings longer than the notifier reads (`READ_MAX`) are not kept, only their length.
 */
export interface ErrorSnapshot {
  name: string;
  /** At most 12,000 characters; `''` when the message was too long to read. */
  message: string;
  /** Characters of the message not kept (all of it when `message` is `''` because it was too long). */
  messageOmitted?: number;
  /** The whole stack, when it is at most `READ_MAX` characters. */
  stack?: string;
  /** The length of a stack too long to read (then `stack` is absent). */
  stackOmitted?: number;
  code?: string;
  cause?: ErrorSnapshot;
  errors?: ErrorSnapshot[];
}

const CHAIN_MAX = 5;
const ERRORS_MAX = 20;

function snapshot(
  value: unknown,
  depth: number,
  seen: Set<unknown>,
): ErrorSnapshot | string | number | boolean | null {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    // A short thrown string stays a string; a long one becomes `Thrown string` data that says what was cut.
    return value.length <= MESSAGE_MAX ? value : { name: 'Thrown string', ...keepMessage(value) };
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (!isErrorLike(value)) {
    // Non-errors keep how describeError shows them: `Thrown <type>` and the rendered value.
    return value === undefined
      ? { name: 'Thrown undefined', message: '' }
      : { name: `Thrown ${typeof value}`, message: renderValue(value) };
  }
  seen.add(value);
  const out: ErrorSnapshot = errorHead(value);
  try {
    const stack = value.stack;
    if (typeof stack === 'string') {
      if (readable(stack) === undefined) out.stackOmitted = stack.length;
      else out.stack = stack;
    } else if (!(value instanceof Error) && typeof value.stackOmitted === 'number') {
      out.stackOmitted = value.stackOmitted;
    }
    const code = value.code;
    if ((typeof code === 'string' && readable(code) !== undefined) || typeof code === 'number') {
      out.code = String(code);
    }
    if (value.cause !== undefined && depth < CHAIN_MAX && !seen.has(value.cause)) {
      out.cause = snapshot(value.cause, depth + 1, seen) as ErrorSnapshot;
    }
    if (Array.isArray(value.errors)) {
      out.errors = value.errors
        .slice(0, ERRORS_MAX)
        .map((e) => snapshot(e, CHAIN_MAX, seen) as ErrorSnapshot);
    }
  } catch {
    // A hostile getter: keep what was read.
  }
  return out;
}

/**
 * Turns any thrown value into plain JSON data that renders and fingerprints like the original: name,
 * message (cut to 12,000 characters, the most a template shows), stack (whole up to `READ_MAX`; a longer
 * one is not read and only its length kept), code, the `cause` chain (5 deep) and `AggregateError`
 * members (20). Strings of at most 12,000 characters, finite numbers, booleans and null stay as they are;
 * other non-errors become `{ name: 'Thrown <type>', message }`. Never throws, and never reads more than
 * `READ_MAX` characters of any one string, so it takes microseconds whatever the error's size.
 */
export function snapshotError(value: unknown): ErrorSnapshot | string | number | boolean | null {
  return snapshot(value, 0, new Set());
}
