import { jsonPrefix } from './json-prefix.js';
import { readable } from './read-limit.js';
import { sliceCodeUnits, toWellFormed } from './well-formed.js';

/** Strings longer than this inside objects are cut before JSON encoding, so huge values stay cheap. */
const INNER_STRING_MAX = 2_000;

/** A string of an error, or a stand-in for one too long to read (see `READ_MAX`). */
function part(s: unknown): unknown {
  return typeof s === 'string' && readable(s) === undefined ? `[${s.length} characters not read]` : s;
}

function errorSummary(e: Error): string {
  return e.message ? `${part(e.name)}: ${part(e.message)}` : (part(e.name) as string);
}

/** The first `max` entries of a Map or Set: a million-entry Map must not be copied to show 2,000 characters. */
function firstEntries<T>(iterable: Iterable<T>, max: number): T[] {
  const out: T[] = [];
  if (max <= 0) return out;
  for (const x of iterable) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

function compactJson(value: object, inner: number, max: number): string {
  const ancestors: object[] = [];
  const json = jsonPrefix(value, max, function (this: unknown, _key, v: unknown) {
    // `this` is the holder: drop ancestors that are no longer on the path, so only true cycles are marked.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol' || typeof v === 'function') return String(v);
    if (typeof v === 'string') {
      if (v.length <= inner) return v;
      return readable(v) === undefined ? `[${v.length} characters not read]` : `${sliceCodeUnits(v, inner)}…`;
    }
    if (v instanceof Error) return errorSummary(v);
    if (v instanceof Map || v instanceof Set) {
      if (ancestors.includes(v)) return '[Circular]';
      // Each entry takes at least two characters: more than `max` of them can never show.
      const plain =
        v instanceof Map
          ? Object.fromEntries(firstEntries(v.entries(), max).map(([k, x]) => [String(k), x]))
          : firstEntries(v, max);
      ancestors.push(v, plain);
      return plain;
    }
    if (typeof v === 'object' && v !== null) {
      if (ancestors.includes(v)) return '[Circular]';
      ancestors.push(v);
    }
    return v;
  });
  return json ?? String(value);
}

/**
 * Renders any value as a readable string (not yet escaped): strings as they are (uncut: the caller
 * truncates them with a notice), numbers,
 * booleans and bigints as literals, dates as ISO, errors as `Name: message`, objects and arrays as compact
 * JSON (cycles marked `[Circular]`), cut to about `max` characters; the JSON is written only as far as
 * `max` (a 10,000-key object costs what 2,000 characters cost). Never throws: a value whose `toJSON` or
 * getters throw becomes `[unserializable …]`.
 * @param max the longest result, in UTF-16 code units. @default 2000
 */
export function renderValue(value: unknown, max = INNER_STRING_MAX): string {
  let out: string;
  try {
    if (typeof value === 'string') return value;
    if (value === undefined) out = 'undefined';
    else if (value === null) out = 'null';
    else if (typeof value === 'bigint') out = `${value}n`;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'symbol') {
      out = String(value);
    } else if (typeof value === 'function') out = `[function ${value.name || 'anonymous'}]`;
    else if (value instanceof Date)
      out = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    else if (value instanceof Error) out = errorSummary(value);
    else out = compactJson(value, Math.min(max, INNER_STRING_MAX), max + 2);
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    out = `[unserializable: ${kind}]`;
  }
  const wellFormed = toWellFormed(out);
  return wellFormed.length > max ? `${sliceCodeUnits(wellFormed, max - 1)}…` : wellFormed;
}
