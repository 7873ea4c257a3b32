import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, fingerprintOfError } from './fingerprint.js';
import { maskVolatile } from './mask-volatile.js';
import { READ_MAX } from './read-limit.js';
import { snapshotError } from './snapshot-error.js';

describe('maskVolatile', () => {
  it('masks numbers, UUIDs, hex ids, timestamps, quoted values, emails and IPs', () => {
    expect(
      maskVolatile(
        `User 42 (id 3f2a1b4c-9d8e-4f70-a1b2-c3d4e5f60718, req 9f8e7d6c5b4a) at 2026-11-27T12:00:00.123Z / 1764244800000: "alice" from 10.0.0.7:5432 <bob@example.com> 0xdeadBEEF can't`,
      ),
    ).toBe(`User <#> (id <uuid>, req <#>) at <time> / <#>: <str> from <ip> <<email>> <#> can't`);
  });

  it('keeps words, even hex-looking short ones', () => {
    expect(maskVolatile('decade facade cafe')).toBe('decade facade cafe');
  });
});

describe('fingerprintOf', () => {
  it('is 16 hex characters and stable', () => {
    const e = new Error('x');
    expect(fingerprintOf(e)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(e)).toBe(fingerprintOf(e));
  });

  it('the explicit fingerprint wins', () => {
    expect(fingerprintOf({ text: 'x', fingerprint: 'db-down', error: new Error('y') })).toBe('db-down');
  });

  it('a notification with an error uses the error; text and title otherwise', () => {
    const e = new TypeError('boom 1');
    expect(fingerprintOf({ text: 'ignored', error: e })).toBe(fingerprintOfError(e));
    expect(fingerprintOf({ text: 'Order 17 failed' })).toBe(fingerprintOf({ text: 'Order 99 failed' }));
    expect(fingerprintOf('Order 17 failed')).toBe(fingerprintOf({ text: 'Order 18 failed' }));
    expect(fingerprintOf({ text: 'Order 17 failed' })).not.toBe(fingerprintOf({ text: 'Order 17 shipped' }));
    expect(fingerprintOf({ title: 'A', text: 'x' })).not.toBe(fingerprintOf({ title: 'B', text: 'x' }));
  });

  it('deployments group by service, environment and status', () => {
    const d = { service: 's', version: '1', environment: 'prod', status: 'failed' as const };
    expect(fingerprintOf({ deployment: d })).toBe(fingerprintOf({ deployment: { ...d, version: '2' } }));
    expect(fingerprintOf({ deployment: d })).not.toBe(
      fingerprintOf({ deployment: { ...d, status: 'succeeded' } }),
    );
  });

  it('a 1 MB stack is not read: its snapshot keeps only its length, and both give the same fingerprint', () => {
    const e = new Error('big');
    e.stack = `Error: big\n${'    at handler (/srv/app/src/x.ts:12:3)\n'.repeat(30_000)}`;
    const stored = JSON.parse(JSON.stringify(snapshotError(e)));
    expect(stored.stack).toBeUndefined();
    expect(stored.stackOmitted).toBe(e.stack.length);
    expect(fingerprintOf(stored)).toBe(fingerprintOf(e));
    // Not read means not read: what the frames say does not matter, the class and message do.
    const other = new Error('big');
    other.stack = `Error: big\n${'    at other (/srv/app/src/y.ts:1:1)\n'.repeat(30_000)}`;
    expect(fingerprintOf(other)).toBe(fingerprintOf(e));
    expect(fingerprintOf(Object.assign(new TypeError('big'), { stack: e.stack }))).not.toBe(fingerprintOf(e));
    // A stack of up to READ_MAX characters is read whole: its top in-app frame counts wherever it is.
    const deep = new Error('big');
    deep.stack = `Error: big\n${'    at dep (/srv/app/node_modules/x/y.js:1:1)\n'.repeat(1_200)}    at mine (/srv/app/src/z.ts:1:1)\n`;
    expect(deep.stack.length).toBeLessThanOrEqual(READ_MAX);
    const shallow = Object.assign(new Error('big'), {
      stack: 'Error: big\n    at mine (/srv/app/src/z.ts:9:9)',
    });
    expect(fingerprintOf(deep)).toBe(fingerprintOf(shallow));
    expect(fingerprintOf(JSON.parse(JSON.stringify(snapshotError(deep))))).toBe(fingerprintOf(deep));
  });

  it('a message too long to read groups by class; snapshots agree; fingerprintOfError never throws', () => {
    const a = new Error(`${'a'.repeat(READ_MAX)}1`);
    const b = new Error(`${'b'.repeat(2 * READ_MAX)}2`);
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
    expect(fingerprintOf(a)).not.toBe(fingerprintOf(new Error('')));
    expect(fingerprintOf(JSON.parse(JSON.stringify(snapshotError(b))))).toBe(fingerprintOf(b));
    const hostile = Object.defineProperty(new Error('x'), 'stack', {
      get() {
        throw new Error('no');
      },
    });
    expect(fingerprintOfError(hostile)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('an error snapshot has the fingerprint of its error; non-errors work too', () => {
    const e = new RangeError('bad 5');
    expect(fingerprintOf({ name: e.name, message: e.message, stack: e.stack })).toBe(fingerprintOf(e));
    expect(fingerprintOf('x')).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(null)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(42)).toBe(fingerprintOf(43));
  });
});

// Scenario 7, fingerprint properties.
type Slot = 'num' | 'uuid' | 'hex' | 'iso' | 'epoch' | 'quoted';
const word = fc.stringMatching(/^[a-z]{1,8}$/);
const part = fc.oneof(
  word.map((w) => ({ word: w })),
  fc.constantFrom<Slot>('num', 'uuid', 'hex', 'iso', 'epoch', 'quoted').map((slot) => ({ slot })),
);
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 32 });
const slotValue = (slot: Slot): fc.Arbitrary<string> =>
  ({
    num: fc.nat().map(String),
    uuid: fc.uuid(),
    hex,
    iso: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
    epoch: fc.integer({ min: 1e12, max: 2e12 }).map(String),
    quoted: fc.stringMatching(/^[\w ]{0,12}$/).map((s) => `"${s}"`),
  })[slot];

/** A message template and two independent fillings of its volatile slots. */
const messagePair = fc.array(part, { minLength: 1, maxLength: 8 }).chain((parts) => {
  const fill = fc.tuple(...parts.map((p) => ('word' in p ? fc.constant(p.word) : slotValue(p.slot))));
  return fc.tuple(fill, fill).map(([a, b]) => [a.join(' '), b.join(' ')] as const);
});
const ident = fc.stringMatching(/^[A-Za-z_$][\w$]{0,15}$/);
const className = fc.stringMatching(/^[A-Z][A-Za-z]{1,12}Error$/);
const file = fc.stringMatching(/^\/srv\/app\/src\/[a-z]{1,8}\/[a-z]{1,8}\.ts$/);
const position = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 999 }));

function makeError(
  name: string,
  message: string,
  frames: Array<{ fn: string; file: string; at: [number, number] }>,
) {
  const error = new Error(message);
  error.name = name;
  error.stack = [
    `${name}: ${message}`,
    '    at Module._compile (node:internal/modules/cjs/loader:1256:14)',
    '    at Query.handle (/srv/app/node_modules/pg/lib/query.js:10:5)',
    ...frames.map((f) => `    at ${f.fn} (${f.file}:${f.at[0]}:${f.at[1]})`),
  ].join('\n');
  return error;
}

describe('fingerprint properties (scenario 7)', () => {
  const frames = fc.array(fc.record({ fn: ident, file }), { minLength: 1, maxLength: 4 });

  it('masking numbers, UUIDs, hex, timestamps or shifting line numbers keeps the fingerprint', () => {
    fc.assert(
      fc.property(
        className,
        messagePair,
        frames,
        fc.array(position, { minLength: 8, maxLength: 8 }),
        (name, [m1, m2], fs, pos) => {
          const a = makeError(
            name,
            m1,
            fs.map((f, i) => ({ ...f, at: pos[i] ?? [1, 1] })),
          );
          const b = makeError(
            name,
            m2,
            fs.map((f, i) => ({ ...f, at: pos[i + 4] ?? [2, 2] })),
          );
          expect(fingerprintOf(a)).toBe(fingerprintOf(b));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('a different error class changes the fingerprint', () => {
    fc.assert(
      fc.property(className, className, messagePair, frames, (n1, n2, [m], fs) => {
        fc.pre(n1 !== n2);
        const at: [number, number] = [10, 1];
        const a = makeError(
          n1,
          m,
          fs.map((f) => ({ ...f, at })),
        );
        const b = makeError(
          n2,
          m,
          fs.map((f) => ({ ...f, at })),
        );
        expect(fingerprintOf(a)).not.toBe(fingerprintOf(b));
      }),
      { numRuns: 1_000 },
    );
  });

  it('a different top in-app function changes the fingerprint', () => {
    fc.assert(
      fc.property(className, messagePair, ident, ident, file, frames, (name, [m], fn1, fn2, top, rest) => {
        fc.pre(fn1 !== fn2);
        const at: [number, number] = [10, 1];
        const a = makeError(name, m, [{ fn: fn1, file: top, at }, ...rest.map((f) => ({ ...f, at }))]);
        const b = makeError(name, m, [{ fn: fn2, file: top, at }, ...rest.map((f) => ({ ...f, at }))]);
        expect(fingerprintOf(a)).not.toBe(fingerprintOf(b));
      }),
      { numRuns: 1_000 },
    );
  });
});
