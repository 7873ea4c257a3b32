import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, fingerprintOfError } from './fingerprint.js';
import { READ_MAX } from './read-limit.js';
import { snapshotError } from './snapshot-error.js';
import { hostile, thrown } from './test-support/arbitraries.js';
import { fingerprintOfErrorBefore } from './test-support/fingerprint-before.js';

/** Stack lines of every kind the parser meets: in-app, dependencies, Node internals, Gecko, junk. */
const frameLine = fc.oneof(
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z_$][\w$.<> ]{0,20}$/),
      fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6}){0,3}$/),
    )
    .map(([fn, path]) => `    at ${fn} (/srv/app/${path}.ts:${path.length}:3)`),
  fc.stringMatching(/^[a-z]{1,8}$/).map((m) => `    at ${m} (/srv/app/node_modules/${m}/index.js:1:1)`),
  fc.constantFrom(
    '    at Module._compile (node:internal/modules/cjs/loader:1256:14)',
    '    at new Promise (<anonymous>)',
    '    at async Promise.all (index 0)',
    '    at /srv/app/src/main.ts:7:1',
    '    at eval (eval at run (/srv/app/src/x.ts:1:1), <anonymous>:1:1)',
    'run@https://cdn.test/app.js?v=3:10:5',
    '@debugger eval code:1:1',
  ),
  hostile,
);

/** Normal-sized errors: stacks from a few lines to a few thousand, all within `READ_MAX`. */
const normalError = fc
  .record({
    name: fc.oneof(fc.constantFrom('Error', 'TypeError', 'DbError', ''), hostile),
    message: fc.oneof(
      hostile,
      fc.integer({ min: 0, max: 40_000 }).map((n) => `id ${n} ${'x'.repeat(n)}`),
    ),
    lines: fc.oneof(
      { weight: 8, arbitrary: fc.array(frameLine, { maxLength: 12 }) },
      { weight: 1, arbitrary: fc.array(frameLine, { minLength: 200, maxLength: 900 }) },
    ),
    deepFirst: fc.nat({ max: 1_500 }),
  })
  .map(({ name, message, lines, deepFirst }) => {
    const e = new Error(message);
    e.name = name;
    // Many dependency frames before the first in-app one: that frame decides the key wherever it is.
    const deps = '    at q (/srv/app/node_modules/pg/lib/q.js:1:1)\n'.repeat(deepFirst);
    e.stack = `${name}: ${message.slice(0, 50)}\n${deps}${lines.join('\n')}`.slice(0, READ_MAX);
    return e;
  });

describe('fingerprints of normal-sized inputs are what they were before the read limit', () => {
  it('errors with stacks and messages up to READ_MAX (1,000 runs)', () => {
    fc.assert(
      fc.property(normalError, (e) => {
        expect(fingerprintOfError(e)).toBe(fingerprintOfErrorBefore(e));
        expect(fingerprintOf({ error: e })).toBe(fingerprintOfErrorBefore(e));
        const stored = JSON.parse(JSON.stringify(snapshotError(e)));
        expect(fingerprintOf({ error: stored })).toBe(fingerprintOfErrorBefore(e));
      }),
      { numRuns: 1_000 },
    );
  }, 120_000);

  it('anything thrown that stays within READ_MAX (500 runs)', () => {
    fc.assert(
      fc.property(thrown, (value) => {
        const o = value as { stack?: unknown; message?: unknown } | null;
        const long = (v: unknown) => typeof v === 'string' && v.length > READ_MAX;
        fc.pre(!long(value) && !(typeof o === 'object' && o !== null && (long(o.stack) || long(o.message))));
        expect(fingerprintOfError(value)).toBe(fingerprintOfErrorBefore(value));
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
