/** The optional store hooks: persistent drop counters and the shared dedupe claim (fake clock, fake gateway). */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { NotifierOptions, OutboxStore } from '../types.js';
import { createNotifierWith } from './create-notifier.js';

function setup(store: OutboxStore, options: Partial<NotifierOptions> = {}) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger: captureLogger(),
      autoStart: false,
      healthCheckIntervalMs: 0,
      perChannelPerSecond: 10,
      workspacePerMinute: 6000,
      store,
      ...options,
    },
    { gateway: gw },
  );
  return { clock, gw, notifier };
}

describe('recordDrop / dropCounts', () => {
  it("seeds droppedByReason from the store and records the drops it decides, not the store's own evictions", async () => {
    const recorded: [string, number | undefined][] = [];
    const store: OutboxStore = Object.assign(createMemoryStore({ maxItems: 2 }), {
      dropCounts: () => ({ queue_overflow: 5, closed: 2 }),
      recordDrop: (reason: string, count?: number) => {
        recorded.push([reason, count]);
      },
    });
    const setupClock = setup(store);
    const { notifier } = setupClock;
    expect(notifier.stats()).toMatchObject({
      accepted: 7,
      dropped: 7,
      droppedByReason: { queue_overflow: 5, closed: 2 },
    });
    notifier.notify({ text: 'a' });
    notifier.notify({ text: 'b' });
    notifier.notify({ text: 'c' }); // evicts a: the store counts that one itself
    notifier.notify({ text: '' }); // invalid: counted by the notifier
    const { clock } = setupClock;
    const closing = notifier.close(100);
    await clock.advance(2_000);
    await closing;
    notifier.notify('after close');
    const s = notifier.stats();
    expect(recorded).toEqual([
      ['invalid', 1],
      ['closed', 1],
      ['closed', 1],
      ['closed', 1],
    ]);
    expect(s.droppedByReason).toEqual({ queue_overflow: 6, closed: 5, invalid: 1 });
    expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
  });
});

/** An in-memory stand-in for the shared claim (the Redis one is tested in packages/redis). */
function sharedClaims(answer?: 'unavailable') {
  const claims = new Map<string, number>();
  return {
    claims,
    store(): OutboxStore {
      return Object.assign(createMemoryStore(), {
        claimFingerprint: async (fp: string) => {
          if (answer) return answer;
          if (claims.has(fp)) return 'repeat' as const;
          claims.set(fp, 0);
          return 'first' as const;
        },
        countRepeat: async (fp: string) => {
          const n = (claims.get(fp) ?? 0) + 1;
          claims.set(fp, n);
          return n;
        },
        repeats: async (fp: string) => claims.get(fp) ?? -1,
      });
    },
  };
}

describe('shared dedupe claim', () => {
  it("'repeat' folds the first occurrence into another replica's group; 'first' posts and updates with the shared count", async () => {
    const shared = sharedClaims();
    const a = setup(shared.store(), { grouping: { intervalMs: 1_000 } });
    const b = setup(shared.store(), { grouping: { intervalMs: 1_000 } });
    await a.notifier.start();
    await b.notifier.start();
    const ra = a.notifier.notify({ error: new Error('boom 1'), fingerprint: 'fp-1' });
    await a.clock.advance(10);
    const rb = b.notifier.notify({ error: new Error('boom 2'), fingerprint: 'fp-1' });
    b.notifier.notify({ error: new Error('boom 3'), fingerprint: 'fp-1' });
    await b.clock.advance(10);
    expect(await rb.delivered).toMatchObject({ status: 'grouped', fingerprint: 'fp-1' });
    expect((await ra.delivered).status).toBe('delivered');
    expect(a.gw.posts()).toHaveLength(1);
    expect(b.gw.posts()).toHaveLength(0);
    expect(shared.claims.get('fp-1')).toBe(2);
    await a.clock.advance(2_000);
    expect(a.gw.updates().at(-1)?.message?.text).toContain('(×3)');
    for (const n of [a.notifier, b.notifier]) {
      const s = n.stats();
      expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
    }
    expect(b.notifier.stats()).toMatchObject({ accepted: 2, grouped: 2, delivered: 0 });
  });

  it("'unavailable' fails open: every replica posts", async () => {
    const shared = sharedClaims('unavailable');
    const replicas = [setup(shared.store()), setup(shared.store())];
    for (const r of replicas) {
      await r.notifier.start();
      r.notifier.notify({ error: new Error('boom'), fingerprint: 'fp-x' });
      await r.clock.advance(100);
      expect(r.gw.posts()).toHaveLength(1);
    }
  });
});
