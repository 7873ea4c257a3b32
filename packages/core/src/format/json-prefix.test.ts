import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPrefix } from './json-prefix.js';
import { READ_MAX } from './read-limit.js';
import { sliceCodeUnits } from './well-formed.js';

const reference = (v: unknown, max: number, replacer?: (this: unknown, k: string, v: unknown) => unknown) => {
  const json = JSON.stringify(v, replacer);
  return json === undefined ? undefined : sliceCodeUnits(json, max);
};

/** Values JSON can encode, plus what it treats specially: toJSON, dates, boxed primitives, holes, undefined. */
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(undefined, null, -0, Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s')),
    fc.date({ noInvalidDate: true }),
    fc.constantFrom(Object(1), Object('s'), Object(true)),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 5 }),
    fc.array(tie('v'), { maxLength: 5 }),
    tie('v').map((x) => ({ toJSON: (key: string) => ({ key, x }) })),
    fc.sparseArray(fc.integer(), { maxLength: 5 }),
  ),
})).v;

describe('jsonPrefix', () => {
  it('is the first max code units of JSON.stringify (2,000 runs)', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 300 }), (v, max) => {
        expect(jsonPrefix(v, max)).toBe(reference(v, max));
      }),
      { numRuns: 2_000 },
    );
  });

  it('calls a replacer like JSON.stringify does (holder, key, value after toJSON)', () => {
    const replacer = function (this: unknown, key: string, v: unknown) {
      if (typeof v === 'number') return `${key}:${v}`;
      if (Array.isArray(this) && v === null) return 'hole';
      return v;
    };
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 300 }), (v, max) => {
        expect(jsonPrefix(v, max, replacer)).toBe(reference(v, max, replacer));
      }),
      { numRuns: 1_000 },
    );
  });

  it('throws like JSON.stringify for a cycle or a BigInt within the prefix', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => jsonPrefix(a, 100)).toThrow(TypeError);
    expect(() => jsonPrefix({ n: 1n }, 100)).toThrow(TypeError);
    // Past the prefix, nothing is visited: the cycle is never met.
    expect(jsonPrefix({ text: 'x'.repeat(50), a }, 10)).toBe('{"text":"x');
  });

  it('stays bounded for a million blocks, a 10,000-key object and a 5 MB string', () => {
    const blocks = Array.from({ length: 1_000_000 }, (_, i) => ({
      type: 'section',
      text: { type: 'mrkdwn', text: `b${i}` },
    }));
    const keys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, { v: i }]));
    const big = `${'y'.repeat(5 * 1024 * 1024)}!`;
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      expect(jsonPrefix(blocks, 2_000)).toHaveLength(2_000);
      expect(jsonPrefix({ big }, 2_000)).toBe(`{"big":"<${big.length} characters not read>"}`);
    }
    const each = (performance.now() - started) / 100;
    // A full JSON.stringify of the million blocks takes hundreds of milliseconds.
    expect(each).toBeLessThan(5);
    expect(jsonPrefix(keys, 30)).toBe(sliceCodeUnits(JSON.stringify(keys), 30));
    expect(jsonPrefix('z'.repeat(READ_MAX), 5)).toBe('"zzzz');
  });
});
