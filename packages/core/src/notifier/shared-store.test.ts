/**
 * A shared store (several replicas, one outbox): the store's health in `health()`, wake-ups through
 * `watch`, per-replica accounting with outcomes relayed to the replica that accepted an item (fake clock,
 * fake gateway, an in-test shared store; the Redis one is tested in packages/redis).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock, type FakeClock } from '../testing/fake-clock.js';
import type {
  DeliveryOutcome,
  HealthCheck,
  Notifier,
  NotifierOptions,
  OutboxItem,
  OutboxStore,
} from '../types.js';
import { createNotifierWith } from './create-notifier.js';
import { STORE_HEALTH_TIMEOUT_MS } from './store-health.js';

type Relay = (channel: string, outcome: DeliveryOutcome) => void;

/**
 * One outbox that every replica's notifier is given. Items are copied in and out (as a real shared store
 * serializes them), so nothing rides on the objects from one replica to another.
 */
function sharedStore(options: { relay?: boolean; maxItems?: number; recovered?: number } = {}) {
  const inner = createMemoryStore({ maxItems: options.maxItems ?? 10_000 });
  const copy = (item: OutboxItem): OutboxItem => structuredClone({ ...item });
  const watchers = new Set<(channel: string) => void>();
  const relays = new Set<Relay>();
  const published: DeliveryOutcome[] = [];
  const state = { health: { name: 'store', status: 'ok' } as HealthCheck | 'throw' | 'hang' };
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
    recover: () => options.recovered ?? 0,
    health: async () => {
      const h = state.health;
      if (h === 'throw') throw new Error('redis://:secret@host is down');
      if (h === 'hang') return new Promise<HealthCheck>(() => {});
      return h;
    },
    watch: (listener) => {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    ...(options.relay === false
      ? {}
      : {
          publishOutcome: (channel: string, outcome: DeliveryOutcome) => {
            published.push(outcome);
            for (const r of relays) r(channel, outcome);
          },
          watchOutcomes: (listener: Relay) => {
            relays.add(listener);
            return () => relays.delete(listener);
          },
        }),
  };
  return {
    store,
    inner,
    state,
    watchers,
    relays,
    published,
    wake: (c: string) => {
      for (const w of watchers) w(c);
    },
  };
}

function replica(clock: FakeClock, store: OutboxStore, options: Partial<NotifierOptions> = {}) {
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
  return { gw, notifier };
}

function expectBalanced(notifier: Notifier): void {
  const s = notifier.stats();
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
}

describe('store health in health()', () => {
  it("adds the store's check and lets degraded, down, a throw and a hang count in the overall status", async () => {
    const clock = createFakeClock();
    const shared = sharedStore();
    const { notifier } = replica(clock, shared.store);
    await notifier.start();
    const ok = await notifier.health();
    expect(ok.status).toBe('ok');
    expect(ok.checks.find((c) => c.name === 'store')).toEqual({ name: 'store', status: 'ok' });

    shared.state.health = { name: 'store', status: 'degraded', detail: 'Redis unreachable', value: 3 };
    const degraded = await notifier.health();
    expect(degraded.status).toBe('degraded');
    expect(degraded.checks.find((c) => c.name === 'store')).toMatchObject({ status: 'degraded', value: 3 });

    shared.state.health = { name: 'store', status: 'down' };
    expect((await notifier.health()).status).toBe('down');

    shared.state.health = 'throw';
    const thrown = await notifier.health();
    expect(thrown.status).toBe('degraded');
    expect(JSON.stringify(thrown)).not.toContain('secret');

    shared.state.health = 'hang';
    const pending = notifier.health();
    await clock.advance(STORE_HEALTH_TIMEOUT_MS);
    const hung = await pending;
    expect(hung.checks.find((c) => c.name === 'store')).toMatchObject({ status: 'degraded' });

    shared.state.health = { name: 'store', status: 'ok' };
    expect((await notifier.health()).status).toBe('ok');
    await notifier.close(100);
  });

  it('reports no store check for a store without health()', async () => {
    const clock = createFakeClock();
    const { notifier } = replica(clock, createMemoryStore());
    await notifier.start();
    const report = await notifier.health();
    expect(report.checks.some((c) => c.name === 'store')).toBe(false);
    expect(report.status).toBe('ok');
  });
});

describe('wake-up through watch()', () => {
  it('an idle replica delivers work another replica left as soon as the store tells it, not at its next check', async () => {
    const clock = createFakeClock();
    const shared = sharedStore();
    // The producer never starts sending (as a replica that died right after accepting).
    const producer = replica(clock, shared.store);
    const idle = replica(clock, shared.store);
    await idle.notifier.start();
    await clock.advance(100);
    for (let i = 0; i < 3; i++) producer.notifier.notify(`m${i}`);
    await clock.advance(1_000);
    // Nothing wakes the idle replica: its own queue was empty and it has no periodic check here.
    expect(idle.gw.posts()).toHaveLength(0);
    const wokenAt = clock.now();
    shared.wake('alerts');
    await clock.advance(300);
    const posts = idle.gw.posts();
    expect(posts).toHaveLength(3);
    expect((posts[0]?.at ?? Number.POSITIVE_INFINITY) - wokenAt).toBeLessThan(10);
    expect(idle.notifier.stats()).toMatchObject({
      accepted: 0,
      delivered: 0,
      pending: 0,
      deliveredForOthers: 3,
    });
    expect(shared.watchers.size).toBe(2);
    await idle.notifier.close(100);
    expect(shared.watchers.size).toBe(1);
  });
});

describe('per-replica accounting with a shared outbox', () => {
  it('counts only its own items; outcomes of items another replica settled reach their owner', async () => {
    const clock = createFakeClock();
    const shared = sharedStore();
    const a = replica(clock, shared.store);
    // Different paces, so the two lanes cannot take turns in lockstep on their own items.
    const b = replica(clock, shared.store, { perChannelPerSecond: 7 });
    await a.notifier.start();
    await b.notifier.start();
    const receipts = [];
    for (let i = 0; i < 20; i++) {
      receipts.push(a.notifier.notify(`a${i}`));
      receipts.push(b.notifier.notify(`b${i}`));
    }
    await clock.advance(5_000);
    const outcomes = await Promise.all(receipts.map((r) => r.delivered));
    expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
    const sa = a.notifier.stats();
    const sb = b.notifier.stats();
    // Both lanes took from the one outbox, so messages crossed from one replica to the other.
    expect(sa.deliveredForOthers).toBeGreaterThan(0);
    expect(sb.deliveredForOthers).toBeGreaterThan(0);
    expect(a.gw.posts().length + b.gw.posts().length).toBe(40);
    expect(sa).toMatchObject({ accepted: 20, delivered: 20, pending: 0 });
    expect(sb).toMatchObject({ accepted: 20, delivered: 20, pending: 0 });
    expect(sa.deliveredForOthers + sb.deliveredForOthers).toBe(shared.published.length);
    expectBalanced(a.notifier);
    expectBalanced(b.notifier);
    expect(await a.notifier.flush(10)).toBe(true);
    expect(await b.notifier.flush(10)).toBe(true);
    const closing = [a.notifier.close(100), b.notifier.close(100)];
    await clock.advance(2_000);
    expect(await Promise.all(closing)).toEqual([true, true]);
    expect(shared.relays.size).toBe(0);
  });

  it("without an outcome relay the accounting still adds up; the owner keeps the other's deliveries pending", async () => {
    const clock = createFakeClock();
    const shared = sharedStore({ relay: false });
    const a = replica(clock, shared.store);
    const b = replica(clock, shared.store);
    await b.notifier.start(); // a never sends: b delivers everything a accepted
    for (let i = 0; i < 5; i++) a.notifier.notify(`a${i}`);
    shared.wake('alerts');
    await clock.advance(2_000);
    expect(b.gw.posts()).toHaveLength(5);
    expect(b.notifier.stats()).toMatchObject({
      accepted: 0,
      delivered: 0,
      pending: 0,
      deliveredForOthers: 5,
    });
    expect(a.notifier.stats()).toMatchObject({ accepted: 5, delivered: 0, pending: 5 });
    expectBalanced(a.notifier);
    expect(await b.notifier.flush(10)).toBe(true);
    const flushing = a.notifier.flush(100);
    await clock.advance(100);
    expect(await flushing).toBe(false);
  });

  it('relays dead letters and evictions to the owner and counts them apart on the replica that settled them', async () => {
    const clock = createFakeClock();
    const shared = sharedStore({ maxItems: 2 });
    const a = replica(clock, shared.store);
    const b = replica(clock, shared.store);
    await b.notifier.start();
    b.gw.script = (call) =>
      call.method === 'chat.postMessage' ? { kind: 'permanent', code: 'msg_blocks_too_long' } : undefined;
    const ra = [a.notifier.notify({ text: 'a-low', priority: 'low' }), a.notifier.notify('a-normal')];
    await clock.settle();
    // b's high message evicts a's low one (the store returns a's item to b).
    const rb = b.notifier.notify({ text: 'b-high', priority: 'high' });
    await clock.advance(2_000);
    expect(await ra[0]?.delivered).toMatchObject({ status: 'dropped', reason: 'queue_overflow' });
    expect(await ra[1]?.delivered).toMatchObject({ status: 'dead_lettered', reason: 'msg_blocks_too_long' });
    expect(await rb.delivered).toMatchObject({ status: 'dead_lettered' });
    expect(b.notifier.stats()).toMatchObject({
      accepted: 1,
      deadLettered: 1,
      pending: 0,
      dropped: 0,
      droppedForOthers: 1,
      deadLetteredForOthers: 1,
    });
    expect(a.notifier.stats()).toMatchObject({
      accepted: 2,
      pending: 0,
      deadLettered: 1,
      dropped: 1,
      droppedByReason: { queue_overflow: 1 },
    });
    expectBalanced(a.notifier);
    expectBalanced(b.notifier);
  });

  it("does not add a shared store's recovered backlog to this replica's accepted or pending", async () => {
    const clock = createFakeClock();
    const shared = sharedStore({ recovered: 4 });
    for (let i = 0; i < 4; i++) {
      shared.inner.add({
        id: `old-${i}`,
        channel: 'alerts',
        priority: 'normal',
        seq: i,
        acceptedAt: clock.now(),
        notification: `old ${i}`,
        attempts: 0,
      });
    }
    const { gw, notifier } = replica(clock, shared.store);
    await notifier.start();
    await clock.advance(1_000);
    expect(gw.posts()).toHaveLength(4);
    expect(notifier.stats()).toMatchObject({ accepted: 0, pending: 0, delivered: 0, deliveredForOthers: 4 });
    expect(await notifier.flush(10)).toBe(true);
    // Their owner is not this replica: their outcomes are published as for any other replica's item.
    expect(shared.published).toHaveLength(4);
  });
});

describe('shared pacing slot', () => {
  it('reserves the slot last: after the history look-up and rendering, right before chat.postMessage', async () => {
    const clock = createFakeClock();
    const order: string[] = [];
    let gw: FakeGateway | undefined;
    const store: OutboxStore = Object.assign(createMemoryStore(), {
      reserve: async () => {
        order.push(`reserve after ${gw?.calls.map((c) => c.method).join(',')}`);
        return 0;
      },
    });
    store.add({
      id: 'amb-1',
      channel: 'alerts',
      priority: 'normal',
      seq: 1,
      acceptedAt: clock.now(),
      notification: 'maybe posted before',
      attempts: 1,
      ambiguous: true,
    });
    const r = replica(clock, store);
    gw = r.gw;
    await r.notifier.start();
    await clock.advance(500);
    const methods = r.gw.calls.map((c) => c.method);
    expect(methods.indexOf('findPosted')).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf('findPosted')).toBeLessThan(methods.indexOf('chat.postMessage'));
    expect(order).toHaveLength(1);
    // The slot was taken after the look-up, with no Slack call between it and the post.
    expect(order[0]?.endsWith('findPosted')).toBe(true);
    expect(methods.at(-1)).toBe('chat.postMessage');
  });
});
