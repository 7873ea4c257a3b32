import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { OutboxItem, OutboxStore } from '../types.js';
import { createNotifierWith } from './create-notifier.js';
import { resolveOptions } from './resolve-options.js';

/** A memory store with some methods replaced (class methods live on the prototype, so bind them). */
function withOverrides(
  overrides: Partial<OutboxStore>,
  base: OutboxStore = createMemoryStore(),
): OutboxStore {
  return {
    add: base.add.bind(base),
    claim: base.claim.bind(base),
    ack: base.ack.bind(base),
    release: base.release.bind(base),
    deadLetter: base.deadLetter.bind(base),
    deadLetters: base.deadLetters.bind(base),
    channels: base.channels.bind(base),
    depth: base.depth.bind(base),
    ...overrides,
  };
}

function notifierWith(store?: OutboxStore) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger: silent,
      autoStart: false,
      healthCheckIntervalMs: 0,
      ...(store ? { store } : {}),
    },
    { gateway: gw },
  );
  return { clock, gw, notifier };
}

describe('notify() intake', () => {
  it('never creates an unhandled rejection, even when the store fails, and counts the drop', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failing = withOverrides({ add: () => Promise.reject(new Error('disk full')) });
      const { notifier } = notifierWith(failing);
      const receipts = [notifier.notify('a'), notifier.notify({ text: 'b' })];
      // Nobody awaits these receipts: they must still not surface as unhandled rejections.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await receipts[0]?.delivered).toMatchObject({ status: 'dropped', reason: 'store_error' });
      expect(notifier.stats()).toMatchObject({
        accepted: 2,
        dropped: 2,
        pending: 0,
        droppedByReason: { store_error: 2 },
      });
      const syncThrow = withOverrides({
        add: () => {
          throw new Error('boom');
        },
      });
      const second = notifierWith(syncThrow).notifier;
      expect(() => second.notify('c')).not.toThrow();
      expect(second.stats().droppedByReason).toEqual({ store_error: 1 });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('accepted resolves once the store committed; receipts carry unique ids', async () => {
    let commit: (() => void) | undefined;
    const memory = createMemoryStore();
    const slow = withOverrides(
      {
        add: (item: OutboxItem) =>
          new Promise((resolve) => {
            commit = () => resolve(memory.add(item) as OutboxItem[] | undefined);
          }),
      },
      memory,
    );
    const { notifier } = notifierWith(slow);
    const r = notifier.notify('x');
    let accepted: boolean | undefined;
    void r.accepted.then((v) => {
      accepted = v;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(accepted).toBeUndefined();
    commit?.();
    expect(await r.accepted).toBe(true);
    const { notifier: other } = notifierWith();
    const ids = new Set(Array.from({ length: 1000 }, () => other.notify('y').id));
    expect(ids.size).toBe(1000);
  });

  it('stores errors as plain data (so durable stores can keep them), with causes', () => {
    const memory = createMemoryStore();
    const seen: OutboxItem[] = [];
    const { notifier } = notifierWith(
      withOverrides(
        {
          add: (item: OutboxItem) => {
            seen.push(item);
            return memory.add(item);
          },
        },
        memory,
      ),
    );
    const error = new TypeError('bad thing', { cause: new Error('root') });
    (error as Error & { code?: string }).code = 'E_BAD';
    notifier.notify({ error, priority: 'high' });
    const stored = JSON.parse(JSON.stringify(seen[0]?.notification)) as { error: Record<string, unknown> };
    expect(stored.error).toMatchObject({
      name: 'TypeError',
      message: 'bad thing',
      code: 'E_BAD',
      cause: { message: 'root' },
    });
    expect(typeof stored.error.stack).toBe('string');
    expect(seen[0]?.priority).toBe('high');
  });
});

describe('resolveOptions', () => {
  const base = { token: 'xoxb-x', channel: 'alerts' };
  it('fills the documented defaults', () => {
    expect(resolveOptions(base)).toMatchObject({
      channel: 'alerts',
      maxItems: 10_000,
      perChannelPerSecond: 1,
      burst: 1,
      workspacePerMinute: 120,
      maxAttempts: Number.POSITIVE_INFINITY,
      backoff: { baseMs: 1000, maxMs: 60_000, jitter: 'full' },
      timeoutMs: 10_000,
      healthCheckIntervalMs: 60_000,
      failureThreshold: 2,
      cooldownMs: 60_000,
      recoverAmbiguous: true,
      autoStart: true,
    });
  });

  it.each([
    [{ channel: 'Bad Name' }, /channel name/],
    [{ routes: { x: '#ok', y: 'NOPE' } }, /channel name/],
    [{ token: 42 }, /token must be/],
    [{ retry: { backoff: { maxMs: 120_000 } } }, /at most 60000/],
    [{ circuit: { failureThreshold: 5 } }, /1, 2 or 3/],
    [{ perChannelPerSecond: 0 }, /positive/],
  ])('rejects %j with invalid_options', (patch, message) => {
    expect(() => resolveOptions({ ...base, ...patch } as never)).toThrow(message);
    try {
      resolveOptions({ ...base, ...patch } as never);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_options' });
    }
  });
});
