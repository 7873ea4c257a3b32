import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNotifierError } from '../errors.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { DeliveryOutcome, Notification, NotifyReceipt } from '../types.js';
import { createNotifierWith } from './create-notifier.js';

const SECRET = 'sk-live-do-not-log-4242';

/** A notifier that never sends (not started), with every log line kept as text. */
function notifier() {
  const clock = createFakeClock();
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string, meta?: unknown): void => {
      let rest = '';
      try {
        rest = JSON.stringify(meta) ?? '';
      } catch {
        rest = String(meta);
      }
      lines.push(`${level} ${message} ${rest}`);
    };
  const n = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
      autoStart: false,
      healthCheckIntervalMs: 0,
    },
    { gateway: new FakeGateway(clock) },
  );
  // The clock is fake: delivery and close() wait on it, so it is moved along.
  const settle = async (receipt: NotifyReceipt) => {
    let outcome: DeliveryOutcome | undefined;
    void receipt.delivered.then((o) => {
      outcome = o;
    });
    await n.start();
    for (let i = 0; i < 30 && outcome === undefined; i++) await clock.advance(1_000);
    return outcome;
  };
  const close = async () => {
    const closing = n.close(0);
    await clock.advance(1_000);
    await closing;
  };
  return { n, lines, close, settle };
}

/** What a caller can observe of one notify(): a throw, or the receipt settled at once (or not). */
async function observe(notify: () => NotifyReceipt) {
  let receipt: NotifyReceipt;
  try {
    receipt = notify();
  } catch (error) {
    return { threw: isNotifierError(error) ? `NotifierError ${error.code}` : 'other' };
  }
  const settled = await Promise.race([
    receipt.delivered,
    new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))),
  ]);
  const outcome = settled as DeliveryOutcome | undefined;
  return {
    status: outcome?.status ?? 'pending',
    reason: outcome && 'reason' in outcome ? outcome.reason : '',
  };
}

const KEYS = [
  'text',
  'title',
  'priority',
  'channel',
  'fields',
  'context',
  'error',
  'deployment',
  'blocks',
  'attachments',
  'color',
  'threadTs',
  'mention',
  'fingerprint',
] as const;

const base: fc.Arbitrary<Notification> = fc.record(
  {
    text: fc.string({ minLength: 1, maxLength: 20 }),
    title: fc.string({ maxLength: 20 }),
    priority: fc.constantFrom('high', 'normal', 'low'),
    fields: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    context: fc.dictionary(fc.string({ maxLength: 5 }), fc.nat(), { maxKeys: 2 }),
    error: fc.string({ maxLength: 10 }).map((m) => new Error(`boom ${m}`)),
    fingerprint: fc.stringMatching(/^[a-z]{1,8}$/),
  },
  { requiredKeys: ['text'] },
);

/** What a hostile getter or trap throws: errors and strings carrying a secret, odd values, a proxy. */
const thrownValue = fc.constantFrom<() => unknown>(
  () => new Error(`token ${SECRET}`),
  () => new TypeError(SECRET),
  () => SECRET,
  () => undefined,
  () => null,
  () =>
    new Proxy(
      {},
      {
        get() {
          throw new Error(SECRET);
        },
        getPrototypeOf() {
          throw new Error(SECRET);
        },
      },
    ),
);

function withGetter(n: Notification, key: string, thrown: () => unknown): Notification {
  const plain = { ...n };
  return Object.defineProperty(plain, key, {
    get() {
      throw thrown();
    },
    enumerable: true,
    configurable: true,
  });
}

function withTrap(n: Notification, key: string, thrown: () => unknown): Notification {
  // The target holds the key too, so both objects list the same own keys.
  return new Proxy({ ...n, [key]: undefined } as Notification, {
    get(target, k, receiver) {
      if (k === key) throw thrown();
      return Reflect.get(target, k, receiver);
    },
  });
}

describe('a payload whose getter or proxy trap throws', () => {
  it('is handled the same whether it is a plain object or a Proxy: never thrown, dropped as invalid, no value logged (500 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(base, fc.constantFrom(...KEYS), thrownValue, async (n, key, thrown) => {
        const a = notifier();
        const b = notifier();
        let ra: NotifyReceipt | undefined;
        let rb: NotifyReceipt | undefined;
        const seenA = await observe(() => {
          ra = a.n.notify(withGetter(n, key, thrown));
          return ra;
        });
        const seenB = await observe(() => {
          rb = b.n.notify(withTrap(n, key, thrown));
          return rb;
        });
        expect(seenA).toEqual(seenB);
        expect(seenA).not.toHaveProperty('threw');
        expect(a.n.stats()).toEqual(b.n.stats());
        const stats = a.n.stats();
        expect(stats.accepted).toBe(1);
        if (seenA.status === 'dropped') {
          expect(seenA.reason).toBe('invalid');
          expect(stats.droppedByReason).toEqual({ invalid: 1 });
          const warned = a.lines.filter((l) => l.startsWith('warn invalid notification dropped'));
          expect(warned).toHaveLength(1);
          expect(b.lines.filter((l) => l.startsWith('warn invalid notification dropped'))).toHaveLength(1);
        } else {
          // Read only when it is rendered (mention, or a key the intake never needs): pending for both, and
          // then the same for both once delivery reads it.
          expect(seenA.status).toBe('pending');
          const [endA, endB] = [await a.settle(ra as NotifyReceipt), await b.settle(rb as NotifyReceipt)];
          expect(endA).toMatchObject({ status: 'dropped', reason: 'invalid' });
          expect(endA?.status).toBe(endB?.status);
          expect(endA && 'reason' in endA ? endA.reason : '').toBe(
            endB && 'reason' in endB ? endB.reason : '',
          );
        }
        for (const line of [...a.lines, ...b.lines]) expect(line).not.toContain(SECRET);
        await Promise.all([a.close(), b.close()]);
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('a getter or trap on channel, text or error is refused at once, with a warning naming the problem', async () => {
    for (const key of ['channel', 'text', 'error']) {
      for (const make of [withGetter, withTrap]) {
        const { n, lines, close } = notifier();
        const r = n.notify(make({ text: 'x' }, key, () => new Error(SECRET)));
        expect(await r.delivered).toMatchObject({ status: 'dropped', reason: 'invalid' });
        expect(lines).toEqual([
          expect.stringContaining(
            'warn invalid notification dropped: reading it threw (Error): a getter or proxy trap of the notification failed',
          ),
        ]);
        await close();
      }
    }
  });

  it('a proxy whose every trap throws, and a revoked proxy, are dropped as invalid too', async () => {
    const { n, lines, close } = notifier();
    const throwing = new Proxy(
      {},
      Object.fromEntries(
        ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'].map((t) => [
          t,
          () => {
            throw new Error(SECRET);
          },
        ]),
      ),
    );
    const { proxy, revoke } = Proxy.revocable({ text: 'x' }, {});
    revoke();
    for (const input of [throwing, proxy]) {
      expect(await n.notify(input as Notification).delivered).toMatchObject({
        status: 'dropped',
        reason: 'invalid',
      });
    }
    expect(n.stats()).toMatchObject({ accepted: 2, dropped: 2, droppedByReason: { invalid: 2 } });
    expect(lines.join('\n')).not.toContain(SECRET);
    await close();
  });

  it('programmer errors still throw a NotifierError, for plain objects and proxies alike', () => {
    const { n } = notifier();
    for (const wrap of [(x: object) => x, (x: object) => new Proxy(x, {})]) {
      expect(() => n.notify(wrap({ text: 'x', channel: 'nowhere' }) as Notification)).toThrow(
        expect.objectContaining({ code: 'invalid_notification' }),
      );
      expect(() => n.notify(wrap([]) as unknown as Notification)).toThrow(
        expect.objectContaining({ code: 'invalid_notification' }),
      );
    }
    expect(n.stats().accepted).toBe(0);
  });
});
