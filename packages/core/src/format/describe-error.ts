import { readable, unreadNotice } from './read-limit.js';
import { renderValue } from './render-value.js';
import { sliceCodeUnits } from './well-formed.js';

/** What the error template and fingerprints need from a thrown value. Raw (unescaped) strings. */
export interface ErrorDescription {
  name: string;
  /** At most `MESSAGE_MAX` code units; `''` when the message was too long to read (see `messageOmitted`). */
  message: string;
  /**
   * Characters of the message left out of `message`: past `MESSAGE_MAX`, or all of them when the message
   * is longer than `READ_MAX` and was not read (then `message` is `''`). Counted in the notices.
   */
  messageOmitted?: number;
  /** The stack frames part of `stack` (without the `Name: message` head), or the whole stack. */
  stack?: string;
  /** The length of a stack longer than `READ_MAX`, which is not read (then `stack` is absent). */
  stackOmitted?: number;
  /** `error.code` (`ECONNREFUSED`, a Slack code…), when present. */
  code?: string;
  /** The `cause` chain, outermost first (at most `MAX_CHAIN`). */
  causes: ErrorSummary[];
  /** `AggregateError.errors` (at most `MAX_CHAIN`), and how many there were in all. */
  errors: ErrorSummary[];
  errorsTotal: number;
}

/** Name and message of a cause or aggregated error (the message cut to `SUMMARY_MAX`). */
export interface ErrorSummary {
  name: string;
  message: string;
}

/** Name, message and what was left out of it: what fingerprints read of an error. */
export interface ErrorHead {
  name: string;
  message: string;
  messageOmitted?: number;
}

/** The most of a message any template shows (the plain-text fallback's 12,000); the rest is only counted. */
export const MESSAGE_MAX = 12_000;
/** A cause or aggregated error gets one line: templates show 300 (1,000 in the plain-text fallback). */
const SUMMARY_MAX = 1_000;
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
    const name = typeof v.name === 'string' ? readable(v.name) : undefined;
    if (name !== undefined && name !== '') return name;
    const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof ctor === 'string' && ctor !== '' && ctor !== 'Object' && ctor.length <= 200
      ? ctor
      : 'Error';
  }
  return v === null ? 'Thrown null' : `Thrown ${typeof v}`;
}

/** The raw message: a string as it is (not read yet), anything else rendered (at most 2,000 characters). */
function rawMessageOf(v: unknown): string {
  if (isErrorLike(v)) {
    if (typeof v.message === 'string') return v.message;
    return v.message === undefined ? '' : renderValue(v.message);
  }
  return v === undefined || v === null ? '' : renderValue(v);
}

/**
 * A message cut to `MESSAGE_MAX`, counting what is left out; one longer than `READ_MAX` is not read at all.
 * `omittedBefore` is what an error snapshot already left out.
 */
export function keepMessage(raw: string, omittedBefore = 0): Omit<ErrorHead, 'name'> {
  const text = readable(raw);
  const message = text === undefined ? '' : sliceCodeUnits(text, MESSAGE_MAX);
  const omitted = raw.length - message.length + omittedBefore;
  return omitted > 0 ? { message, messageOmitted: omitted } : { message };
}

function omittedOf(v: unknown, key: 'messageOmitted' | 'stackOmitted'): number {
  // Only error snapshots carry these (see `snapshotError`).
  const n = isObject(v) && !(v instanceof Error) ? v[key] : undefined;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * Name and message of any thrown value, as `describeError` gives them (the message cut to `MESSAGE_MAX`,
 * or not read past `READ_MAX`). Never throws: a hostile value (throwing getter, revoked proxy) gives
 * `Error` / `[unreadable error]`.
 */
export function errorHead(v: unknown): ErrorHead {
  try {
    return { name: nameOf(v), ...keepMessage(rawMessageOf(v), omittedOf(v, 'messageOmitted')) };
  } catch {
    return { name: 'Error', message: '[unreadable error]' };
  }
}

function summarize(v: unknown): ErrorSummary {
  const h = errorHead(v);
  const message =
    h.message === '' && h.messageOmitted !== undefined
      ? unreadNotice('message', h.messageOmitted)
      : sliceCodeUnits(h.message, SUMMARY_MAX);
  return { name: h.name, message };
}

function framesOf(stack: string): string {
  const lines = stack.split('\n');
  const frames = lines.filter((l) => /^\s*at\s/.test(l) || /^\s*[^@\s]*@\S/.test(l));
  return frames.length > 0 ? frames.map((l) => l.trim()).join('\n') : stack;
}

/**
 * Describes any thrown value: `Error`s and error snapshots by name, message, stack, code, `cause` chain and
 * `AggregateError` members; anything else (`throw 'boom'`, `throw { … }`, `throw null`) as `Thrown <type>`
 * with the value rendered as the message. Strings longer than `READ_MAX` (a 2 MB stack) are not read, only
 * counted. Never throws.
 */
export function describeError(value: unknown): ErrorDescription {
  const described: ErrorDescription = { ...errorHead(value), causes: [], errors: [], errorsTotal: 0 };
  if (!isErrorLike(value)) return described;
  try {
    const stack = value.stack;
    if (typeof stack === 'string') {
      const text = readable(stack);
      if (text === undefined) described.stackOmitted = stack.length;
      else described.stack = framesOf(text);
    } else {
      const omitted = omittedOf(value, 'stackOmitted');
      if (omitted > 0) described.stackOmitted = omitted;
    }
    const code = value.code;
    if ((typeof code === 'string' && readable(code) !== undefined) || typeof code === 'number') {
      described.code = String(code);
    }
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
