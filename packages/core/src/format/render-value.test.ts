import { describe, expect, it } from 'vitest';
import { normalizeFields } from './fields.js';
import { renderValue } from './render-value.js';

describe('renderValue', () => {
  it('renders primitives, dates and errors', () => {
    expect(renderValue('as is <x>')).toBe('as is <x>');
    expect(renderValue(42)).toBe('42');
    expect(renderValue(10n)).toBe('10n');
    expect(renderValue(true)).toBe('true');
    expect(renderValue(null)).toBe('null');
    expect(renderValue(undefined)).toBe('undefined');
    expect(renderValue(Symbol('s'))).toBe('Symbol(s)');
    expect(renderValue(function named() {})).toBe('[function named]');
    expect(renderValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(renderValue(new Date(Number.NaN))).toBe('Invalid Date');
    expect(renderValue(new RangeError('bad'))).toBe('RangeError: bad');
  });

  it('renders objects as compact JSON, with cycles, bigints, maps and sets', () => {
    const o: Record<string, unknown> = { a: 1, b: [1, 'x'], n: 5n, m: new Map([['k', 1]]), s: new Set([2]) };
    o.self = o;
    expect(renderValue(o)).toBe('{"a":1,"b":[1,"x"],"n":"5n","m":{"k":1},"s":[2],"self":"[Circular]"}');
    const shared = { x: 1 };
    expect(renderValue({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('never throws on hostile values', () => {
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(renderValue(hostile)).toBe('[unserializable: Error]');
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new TypeError('no');
      },
    });
    expect(renderValue(getter)).toBe('[unserializable: TypeError]');
  });

  it('cuts big objects', () => {
    const out = renderValue(
      { big: 'y'.repeat(100_000), list: Array.from({ length: 10_000 }, (_, i) => i) },
      500,
    );
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('normalizeFields', () => {
  it('accepts a record or a list', () => {
    expect(normalizeFields({ a: 1, b: 'x' })).toEqual([
      { title: 'a', value: '1', short: true },
      { title: 'b', value: 'x', short: true },
    ]);
    expect(normalizeFields([{ title: 't', value: 'v', short: false }])).toEqual([
      { title: 't', value: 'v', short: false },
    ]);
    expect(normalizeFields(undefined)).toEqual([]);
  });
});
