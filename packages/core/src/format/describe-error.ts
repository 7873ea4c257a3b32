import { renderValue } from './render-value.js';
import { stackHead } from './stack-frames.js';

/** What the error template and fingerprints need from a thrown value. Raw (unescaped) strings. */
export interface ErrorDescription {
  name: string;
  message: string;
  /** The stack frames part of `stack` (without the `Name: message` head), or the whole stack. */
  stack?: string;
  /** Characters of a huge stack not scanned for frames (only the first 64 KB are), counted in notices. */
  stackOmitted?: number;
  /** `error.code` (`ECONNREFUSED`, a Slack code…), when present. */
  code?: string;
  /** The `cause` chain, outermost first (at most `MAX_CHAIN`). */
  causes: ErrorSummary[];
  /** `AggregateError.errors` (at most `MAX_CHAIN`), and how many there were in all. */
  errors: ErrorSummary[];
  errorsTotal: number;
}

/** Name and message of a cause or aggregated error. */
export interface ErrorSummary {
  name: string;
  message: string;
}

const MAX_CHAIN = 5;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** True for `Error` instances and for error snapshots (`{ name, message, stack }` plain objects). */
export function isErrorLike(v: unknown): v is Record<string, unknown> {
  return (
    v instanceof Error || (isObject(v) && (typeof v.message === 'string' || typeof v.stack === 'string'))
  );
}

function nameOf(v: unknown): string {
  if (isErrorLike(v)) {
    if (typeof v.name === 'string' && v.name !== '') return v.name;
    const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof ctor === 'string' && ctor !== '' && ctor !== 'Object' ? ctor : 'Error';
  }
  return v === null ? 'Thrown null' : `Thrown ${typeof v}`;
}

function messageOf(v: unknown): string {
  if (isErrorLike(v)) {
    if (typeof v.message === 'string') return v.message;
    return v.message === undefined ? '' : renderValue(v.message);
  }
  return v === undefined || v === null ? '' : renderValue(v);
}

function summarize(v: unknown): ErrorSummary {
  try {
    return { name: nameOf(v), message: messageOf(v) };
  } catch {
    // A hostile object (throwing getter, revoked proxy) must not break the report about it.
    return { name: 'Error', message: '[unreadable error]' };
  }
}

function framesOf(stack: string): string {
  const lines = stack.split('\n');
  const frames = lines.filter((l) => /^\s*at\s/.test(l) || /^\s*[^@\s]*@\S/.test(l));
  return frames.length > 0 ? frames.map((l) => l.trim()).join('\n') : stack;
}

/**
 * Describes any thrown value: `Error`s and error snapshots by name, message, stack, code, `cause` chain and
 * `AggregateError` members; anything else (`throw 'boom'`, `throw { … }`, `throw null`) as `Thrown <type>`
 * with the value rendered as the message. Never throws.
 */
export function describeError(value: unknown): ErrorDescription {
  const described: ErrorDescription = {
    ...summarize(value),
    causes: [],
    errors: [],
    errorsTotal: 0,
  };
  if (!isErrorLike(value)) return described;
  try {
    if (typeof value.stack === 'string') {
      const scanned = stackHead(value.stack);
      described.stack = framesOf(scanned);
      if (scanned.length < value.stack.length) described.stackOmitted = value.stack.length - scanned.length;
    }
    if (typeof value.code === 'string' || typeof value.code === 'number') described.code = String(value.code);
    const seen = new Set<unknown>([value]);
    let cause: unknown = value.cause;
    while (cause !== undefined && !seen.has(cause) && described.causes.length < MAX_CHAIN) {
      seen.add(cause);
      described.causes.push(summarize(cause));
      cause = isObject(cause) ? cause.cause : undefined;
    }
    if (Array.isArray(value.errors)) {
      described.errorsTotal = value.errors.length;
      described.errors = value.errors.slice(0, MAX_CHAIN).map(summarize);
    }
  } catch {
    // A throwing getter on a hostile object: keep what was read so far.
  }
  return described;
}
