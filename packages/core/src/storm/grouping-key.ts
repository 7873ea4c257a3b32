import { fingerprintOf, fingerprintOfError } from '../format/fingerprint.js';
import { READ_MAX } from '../format/read-limit.js';
import type { GroupingOptions, Notification } from '../types.js';

/** Fingerprints of error objects already seen: an app that rethrows or re-reports one object pays once. */
const errorKeys = new WeakMap<object, string>();

/** Most texts remembered with their fingerprint (masking and hashing cost microseconds per call). */
const TEXT_CACHE_SIZE = 4096;

/**
 * The storm-grouping key of a notification on the `notify()` hot path, or `undefined` when it is not
 * grouped. Explicit `fingerprint` wins; errors are fingerprinted once per object (a WeakMap); with
 * `match: 'all'`, other notifications by title and masked text (a bounded cache of recent texts).
 */
export class GroupingKey {
  readonly #match: NonNullable<GroupingOptions['match']>;
  #texts = new Map<string, string>();

  constructor(match: NonNullable<GroupingOptions['match']>) {
    this.#match = match;
  }

  of(input: Notification | string): string | undefined {
    const match = this.#match;
    if (match === 'off') return undefined;
    if (typeof input === 'string') return match === 'all' ? this.#text(input) : undefined;
    const explicit = input.fingerprint;
    if (typeof explicit === 'string' && explicit !== '') return explicit;
    const error = input.error;
    if (error !== undefined && error !== null) {
      if (typeof error !== 'object') return fingerprintOfError(error);
      let key = errorKeys.get(error);
      if (key === undefined) {
        key = fingerprintOfError(error);
        errorKeys.set(error, key);
      }
      return key;
    }
    if (match !== 'all') return undefined;
    if (input.title === undefined && typeof input.text === 'string' && input.deployment === undefined) {
      return input.blocks === undefined ? this.#text(input.text) : fingerprintOf(input);
    }
    return fingerprintOf(input);
  }

  #text(text: string): string {
    // Too long to read (see READ_MAX): its key costs nothing to compute, and a Map of such keys would compare
    // megabytes on a hash collision (V8 hashes long strings by their length).
    if (text.length > READ_MAX) return fingerprintOf(text);
    let key = this.#texts.get(text);
    if (key === undefined) {
      key = fingerprintOf(text);
      // Cheaper than an LRU and good enough: a storm repeats a few texts, a flood of distinct ones restarts it.
      if (this.#texts.size >= TEXT_CACHE_SIZE) this.#texts = new Map();
      this.#texts.set(text, key);
    }
    return key;
  }
}
