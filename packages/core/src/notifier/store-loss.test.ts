/**
 * A store that loses items behind the notifier's back (`watchLoss`, as Redis restarted without persistence):
 * the notifier re-queues what it holds, counts what the store refuses (or every item, without `requeue`) as
 * dropped `lost`, settles those receipts so `flush()` stops waiting, logs one line with the fix and reports
 * it in `health()`. Fake clock, fake gateway, an in-test store; the Redis store is tested in packages/redis.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock, type FakeClock } from '../testing/fake-clock.js';
import type { Notifier, OutboxItem, OutboxStore, StoreLoss } from '../types.js';
import { createNotifierWith } from './create-notifier.js';
import { STORE_LOSS_DEGRADED_MS } from './store-health.js';

const LOSS: StoreLoss = { detail: 'The test store came back empty', fix: 'keep the items (appendonly yes)' };

/** A copying store whose contents can be wiped; `requeue` as given (absent: the store has none). */
function lossyStore(requeue?: 'all' | { cap: number }) {
  let inner = createMemoryStore();
  const copy = (item: OutboxItem): OutboxItem => structuredClone({ ...item });
  const listeners = new Set<(loss: StoreLoss) => void>();
  const requeued: string[] = [];
  const store: OutboxStore = {
    shared: true,
    durable: true,
    add: (item) => inner.add(copy(item)) as OutboxItem[] | undefined,
    claim: (channel) => {
      const item = inner.claim(channel) as OutboxItem | undefined;
      return item && copy(item);
    },
    ack: (id) => inner.ack(id),
    release: (item) => inner.release(copy(item)),
    deadLetter: (item, code) => inner.deadLetter(copy(item), code),
    deadLetters: (limit) => inner.deadLetters(limit),
    channels: () => inner.channels(),
    depth: () => inner.depth(),
    watchLoss: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...(requeue === undefined
      ? {}
      : {
          requeue: async (items: OutboxItem[]) => {
            const cap = requeue === 'all' ? Number.POSITIVE_INFINITY : requeue.cap;
            const refused: OutboxItem[] = [];
            for (const item of items) {
              if (requeued.length >= cap) refused.push(item);
              else {
                requeued.push(item.id);
                inner.add(copy(item));
              }
            }
            return refused;
          },
        }),
  };
  return {
    store,
    listeners,
    requeued,
    /** Everything the store held is gone, and it says so. */
    lose: () => {
      inner = createMemoryStore();
      for (const listener of listeners) listener(LOSS);
    },
  };
}

function notifierOn(clock: FakeClock, store: OutboxStore) {
  const gw = new FakeGateway(clock);
  const logger = captureLogger();
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger,
      autoStart: false,
      healthCheckIntervalMs: 0,
      perChannelPerSecond: 10,
      workspacePerMinute: 6000,
      store,
    },
    { gateway: gw },
  );
  return { gw, logger, notifier };
}

function expectBalanced(notifier: Notifier): void {
  const s = notifier.stats();
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
}

const fixLines = (logger: ReturnType<typeof captureLogger>) =>
  logger.lines.filter((l) => l.message.includes(LOSS.fix));

describe('a store that lost items behind the notifier', () => {
  it('re-queues every unsettled item it holds; all are delivered, none lost, one line names the fix', async () => {
    const clock = createFakeClock();
    const lossy = lossyStore('all');
    const { gw, logger, notifier } = notifierOn(clock, lossy.store);
    const receipts = Array.from({ length: 8 }, (_, i) => notifier.notify(`m${i}`));
    await clock.advance(10);
    lossy.lose();
    await clock.advance(10);
    expect(lossy.requeued).toHaveLength(8);
    await notifier.start();
    const flushed = notifier.flush(5_000);
    await clock.advance(2_000);
    expect(await flushed).toBe(true);
    expect(new Set(gw.posts().map((p) => p.id))).toEqual(new Set(receipts.map((r) => r.id)));
    expect(gw.posts()).toHaveLength(8);
    for (const r of receipts) expect((await r.delivered).status).toBe('delivered');
    expect(notifier.stats()).toMatchObject({ accepted: 8, delivered: 8, pending: 0, dropped: 0 });
    expect(notifier.stats().droppedByReason.lost).toBeUndefined();
    expectBalanced(notifier);
    expect(fixLines(logger)).toHaveLength(1);
    expect(fixLines(logger)[0]).toMatchObject({ level: 'warn', meta: { requeued: 8, lost: 0 } });
    const check = (await notifier.health()).checks.find((c) => c.name === 'store_loss');
    expect(check).toMatchObject({ status: 'degraded', value: 0 });
    expect(check?.detail).toContain('8 message(s) queued again, 0 lost');
    expect(check?.detail).toContain(LOSS.fix);
    await notifier.close(100);
  });

  it('without requeue, counts every unsettled item lost; receipts settle, flush() does not wait', async () => {
    const clock = createFakeClock();
    const lossy = lossyStore();
    const { logger, notifier } = notifierOn(clock, lossy.store);
    const receipts = Array.from({ length: 5 }, (_, i) => notifier.notify(`m${i}`));
    await clock.advance(10);
    const before = notifier.flush(1_000);
    await clock.advance(1_000);
    expect(await before).toBe(false);
    lossy.lose();
    await clock.advance(0);
    // Resolves at once: nothing it waited for exists any more.
    expect(await notifier.flush(60_000)).toBe(true);
    for (const r of receipts) expect(await r.delivered).toMatchObject({ status: 'dropped', reason: 'lost' });
    expect(notifier.stats()).toMatchObject({ accepted: 5, pending: 0, dropped: 5 });
    expect(notifier.stats().droppedByReason).toEqual({ lost: 5 });
    expectBalanced(notifier);
    expect(fixLines(logger)).toHaveLength(1);
    expect(fixLines(logger)[0]?.message).toContain(
      "of this process's 5 unsettled message(s), 0 are queued again",
    );
    const report = await notifier.health();
    expect(report.status).not.toBe('ok');
    expect(report.checks.find((c) => c.name === 'store_loss')).toMatchObject({
      status: 'degraded',
      value: 5,
    });
    // The check stays, as ok, once the degraded window is over.
    await clock.advance(STORE_LOSS_DEGRADED_MS);
    expect((await notifier.health()).checks.find((c) => c.name === 'store_loss')).toMatchObject({
      status: 'ok',
      value: 5,
    });
    await notifier.close(100);
  });

  it('counts what the store refuses as lost and delivers the rest; nothing both', async () => {
    const clock = createFakeClock();
    const lossy = lossyStore({ cap: 3 });
    const { gw, notifier } = notifierOn(clock, lossy.store);
    const receipts = Array.from({ length: 7 }, (_, i) => notifier.notify(`m${i}`));
    await clock.advance(10);
    lossy.lose();
    await clock.advance(10);
    await notifier.start();
    const flushed = notifier.flush(5_000);
    await clock.advance(2_000);
    expect(await flushed).toBe(true);
    const outcomes = await Promise.all(receipts.map((r) => r.delivered));
    const delivered = outcomes.filter((o) => o.status === 'delivered').map((o) => o.id);
    const lost = outcomes.filter((o) => o.status === 'dropped' && o.reason === 'lost').map((o) => o.id);
    expect(delivered).toEqual(lossy.requeued);
    expect(lost).toHaveLength(4);
    expect(gw.posts().map((p) => p.id)).toEqual(delivered);
    expect(notifier.stats()).toMatchObject({ accepted: 7, delivered: 3, dropped: 4, pending: 0 });
    expectBalanced(notifier);
    await notifier.close(100);
  });

  it('unsubscribes on close()', async () => {
    const clock = createFakeClock();
    const lossy = lossyStore('all');
    const { notifier } = notifierOn(clock, lossy.store);
    expect(lossy.listeners.size).toBe(1);
    await notifier.close(100);
    expect(lossy.listeners.size).toBe(0);
  });
});
