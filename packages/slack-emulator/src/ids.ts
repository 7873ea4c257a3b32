/** A seeded source of ids and random numbers. */
export interface IdGenerator {
  /** Uniform number in [0, 1). */
  random(): number;
  /** `prefix` followed by `length` characters of `[A-Z0-9]`. */
  id(prefix: string, length?: number): string;
  /** Lower-case alphanumeric secret. */
  secret(length: number): string;
  /** Digits only. */
  digits(length: number): string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

// FNV-1a so string seeds map to a 32-bit state.
function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Creates a deterministic generator (mulberry32): same seed, same sequence.
 * @param seed - number or string; @default a random seed
 */
export function createIdGenerator(seed?: number | string): IdGenerator {
  let state = hashSeed(seed ?? Math.floor(Math.random() * 2 ** 32));
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  return {
    random,
    id: (prefix, length = 10) => prefix + pick(UPPER, length),
    secret: (length) => pick(LOWER, length),
    digits: (length) => pick('0123456789', length),
  };
}
