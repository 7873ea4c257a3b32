import { readable } from './read-limit.js';
import { sliceCodeUnits } from './well-formed.js';

/** `JSON.stringify`'s replacer: called with the holder as `this`, after `toJSON`. */
export type JsonReplacer = (this: unknown, key: string, value: unknown) => unknown;

/** Thrown inside the walk once enough is written: unwinds the recursion at once. */
const FULL = Symbol('json-prefix-full');

class Writer {
  readonly parts: string[] = [];
  length = 0;
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** Room left before the prefix is long enough (one code unit past `max` decides every cut). */
  get room(): number {
    return this.#max + 1 - this.length;
  }

  write(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    if (this.length > this.#max) throw FULL;
  }
}

function quote(w: Writer, s: string): void {
  const text = readable(s);
  if (text === undefined) {
    // Never read (see READ_MAX): stands in for the string, so the prefix stays cheap whatever its size.
    w.write(`"<${s.length} characters not read>"`);
    return;
  }
  // Escaping never shortens, so `room` code units of the source are enough; never split a surrogate pair.
  const cut = text.length > w.room ? sliceCodeUnits(text, w.room) : text;
  const json = JSON.stringify(cut);
  w.write(cut === text ? json : json.slice(0, -1));
}

function serialize(
  w: Writer,
  holder: unknown,
  key: string,
  raw: unknown,
  replacer: JsonReplacer | undefined,
  stack: unknown[],
): boolean {
  let value = raw;
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (replacer !== undefined) value = replacer.call(holder, key, value);
  if (typeof value === 'object' && value !== null) {
    if (value instanceof Number) value = Number(value);
    else if (value instanceof String) value = String(value);
    else if (value instanceof Boolean) value = value.valueOf();
    else if (value instanceof BigInt) value = value.valueOf();
  }
  if (value === null) w.write('null');
  else if (value === true) w.write('true');
  else if (value === false) w.write('false');
  else if (typeof value === 'string') quote(w, value);
  else if (typeof value === 'number') w.write(Number.isFinite(value) ? String(value) : 'null');
  else if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  else if (typeof value === 'object') {
    if (stack.includes(value)) throw new TypeError('Converting circular structure to JSON');
    stack.push(value);
    if (Array.isArray(value)) {
      w.write('[');
      for (let i = 0; i < value.length; i++) {
        if (i > 0) w.write(',');
        if (!serialize(w, value, String(i), value[i], replacer, stack)) w.write('null');
      }
      w.write(']');
    } else {
      w.write('{');
      let first = true;
      for (const k of Object.keys(value)) {
        // Whether a member is written at all is known only once its value is: buffer the key.
        const mark = w.parts.length;
        const len = w.length;
        const head = `${first ? '' : ','}${JSON.stringify(k)}:`;
        w.parts.push(head);
        w.length += head.length;
        const written = serialize(w, value, k, (value as Record<string, unknown>)[k], replacer, stack);
        if (written) first = false;
        else {
          w.parts.length = mark;
          w.length = len;
        }
      }
      w.write('}');
    }
    stack.pop();
  } else return false; // undefined, functions, symbols: left out of objects, `null` in arrays
  return true;
}

/**
 * The first `max` code units of `JSON.stringify(value, replacer)`, without serializing more than that:
 * the walk stops as soon as the prefix is long enough, so a 10,000-key object or a million blocks cost
 * what `max` costs. Same order, `toJSON`, replacer calls, escaping and surrogate-safe cut as
 * `sliceCodeUnits(JSON.stringify(value, replacer), max)`, with one difference: a string longer than
 * `READ_MAX` is not read and is written as `"<N characters not read>"`. Returns `undefined` where
 * `JSON.stringify` does (a function, a symbol, `undefined`).
 * @throws what `JSON.stringify` throws (a cycle, a BigInt, a throwing getter), when met within the prefix.
 */
export function jsonPrefix(value: unknown, max: number, replacer?: JsonReplacer): string | undefined {
  const w = new Writer(max);
  try {
    if (!serialize(w, { '': value }, '', value, replacer, [])) return undefined;
  } catch (error) {
    if (error !== FULL) throw error;
  }
  return sliceCodeUnits(w.parts.join(''), max);
}
