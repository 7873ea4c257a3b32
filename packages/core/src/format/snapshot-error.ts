import { isErrorLike } from './describe-error.js';
import { renderValue } from './render-value.js';
import { STACK_SCAN_MAX } from './stack-frames.js';
import { sliceCodeUnits } from './well-formed.js';

/** An error as plain JSON data, for stores: what `describeError` and `fingerprintOf` read, nothing more. */
export interface ErrorSnapshot {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: ErrorSnapshot;
  errors?: ErrorSnapshot[];
}

/** Longer strings are cut: a message never shows more, and stored rows stay small. */
const TEXT_MAX = 64 * 1024;
const CHAIN_MAX = 5;
const ERRORS_MAX = 20;

function snapshot(
  value: unknown,
  depth: number,
  seen: Set<unknown>,
): ErrorSnapshot | string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return typeof value === 'string' ? sliceCodeUnits(value, TEXT_MAX) : value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (!isErrorLike(value)) {
    // Non-errors keep how describeError shows them: `Thrown <type>` and the rendered value.
    return value === undefined
      ? { name: 'Thrown undefined', message: '' }
      : { name: `Thrown ${typeof value}`, message: renderValue(value) };
  }
  seen.add(value);
  const out: ErrorSnapshot = { name: 'Error', message: '' };
  try {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
    out.name =
      typeof value.name === 'string' && value.name !== ''
        ? value.name
        : typeof ctor === 'string' && ctor !== '' && ctor !== 'Object'
          ? ctor
          : 'Error';
    out.message = sliceCodeUnits(
      typeof value.message === 'string'
        ? value.message
        : value.message === undefined
          ? ''
          : renderValue(value.message),
      TEXT_MAX,
    );
    if (typeof value.stack === 'string') out.stack = sliceCodeUnits(value.stack, STACK_SCAN_MAX);
    if (typeof value.code === 'string' || typeof value.code === 'number') out.code = String(value.code);
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
 * message, stack (each cut to 64 KB), code, the `cause` chain (5 deep) and `AggregateError` members (20).
 * Strings, finite numbers, booleans and null stay as they are; other non-errors become
 * `{ name: 'Thrown <type>', message }`. Never throws.
 */
export function snapshotError(value: unknown): ErrorSnapshot | string | number | boolean | null {
  return snapshot(value, 0, new Set());
}
