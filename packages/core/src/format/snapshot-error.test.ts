import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.js';
import { describeError } from './describe-error.js';
import { fingerprintOf } from './fingerprint.js';
import { snapshotError } from './snapshot-error.js';
import { thrown } from './test-support/arbitraries.js';

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('snapshotError', () => {
  it('keeps name, message, stack, code, causes and aggregated errors as plain data', () => {
    const error = Object.assign(
      new AggregateError([new Error('a'), 'b'], 'many', { cause: new TypeError('root') }),
      {
        code: 'E_MANY',
      },
    );
    const snap = roundTrip(snapshotError(error));
    expect(snap).toMatchObject({
      name: 'AggregateError',
      message: 'many',
      code: 'E_MANY',
      cause: { name: 'TypeError', message: 'root' },
      errors: [{ name: 'Error', message: 'a' }, 'b'],
    });
    expect(describeError(snap)).toEqual(describeError(error));
  });

  it('is JSON-safe for cycles and hostile values', () => {
    const a = new Error('a');
    (a as { cause?: unknown }).cause = a;
    expect(() => JSON.stringify(snapshotError(a))).not.toThrow();
    expect(snapshotError(10n)).toEqual({ name: 'Thrown bigint', message: '10n' });
    expect(snapshotError(undefined)).toEqual({ name: 'Thrown undefined', message: '' });
    expect(describeError(snapshotError(undefined))).toEqual(describeError(undefined));
  });

  it('a stored snapshot renders and fingerprints like the live value (500 runs)', () => {
    fc.assert(
      fc.property(thrown, (value) => {
        const snap = roundTrip(snapshotError(value));
        const { stackOmitted: _a, ...live } = describeError(value);
        const { stackOmitted: _b, ...stored } = describeError(snap);
        expect(stored).toEqual(live);
        if (value === undefined) return; // `{ error: undefined }` carries no error at all
        expect(fingerprintOf({ error: snap })).toBe(fingerprintOf({ error: value }));
        const mLive = buildMessage({ error: value });
        const mStored = buildMessage({ error: snap });
        expect(mStored.text).toBe(mLive.text);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
