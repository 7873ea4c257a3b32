/**
 * The store's outcome relay (`publishOutcome` / `watchOutcomes`) and work notices (`watch`) over Redis
 * pub/sub, with a real redis-server child: what a notice carries, and that notices flow again after an
 * outage (resubscribed; an outcome published while Redis was down is sent after the reconnect).
 */
import type { DeliveryOutcome } from '@backend-notifier/core';
import { makeItem } from '@backend-notifier/core/testing';
import { requireBinary } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store.js';
import { waitFor } from './test-support/cluster.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why,
// and under CI=true it fails instead.
const noRedis = requireBinary('redis-server');

let redis: TestRedis;
const stores: RedisStore[] = [];
const open = (prefix: string): RedisStore => {
  const s = createRedisStore({ url: redis.url, prefix, commandTimeoutMs: 300 });
  stores.push(s);
  return s;
};
/** Subscribers on the prefix's outcome topic, as Redis counts them. */
const subscribers = async (prefix: string): Promise<number> => {
  const [, count] = (await redis.client().pubsub('NUMSUB', `${prefix}:outcome`)) as [string, number];
  return Number(count);
};

beforeAll(async () => {
  redis = await startTestRedis({ durable: true });
});
afterAll(async () => {
  for (const s of stores) await s.close();
  await redis.stop();
});

describe.skipIf(noRedis)('outcome relay over pub/sub', () => {
  it('is shared, relays to the other instances only, and carries no message text, permalink or free text', async () => {
    const [a, b] = [open('rel1'), open('rel1')];
    expect(a.shared).toBe(true);
    const heardA: [string, DeliveryOutcome][] = [];
    const heardB: [string, DeliveryOutcome][] = [];
    a.watchOutcomes((c, o) => heardA.push([c, o]));
    b.watchOutcomes((c, o) => heardB.push([c, o]));
    expect(await waitFor(async () => (await subscribers('rel1')) === 2, 5000)).toBe(true);
    const raw: string[] = [];
    const spy = redis.client().duplicate();
    spy.on('message', (_t: string, text: string) => raw.push(text));
    await spy.subscribe('rel1:outcome');
    await a.publishOutcome('alerts', {
      status: 'delivered',
      id: 'm1',
      channelId: 'C1',
      ts: '1.000100',
      permalink: 'https://example.slack.com/archives/C1/p1000100',
    });
    await a.publishOutcome('alerts', { status: 'dead_lettered', id: 'm2', reason: 'restricted_action' });
    await a.publishOutcome('alerts', {
      status: 'dropped',
      id: 'm3',
      reason: 'failed with xoxb-SECRET token',
    });
    expect(await waitFor(() => heardB.length === 3 && raw.length === 3, 5000)).toBe(true);
    expect(heardB).toEqual([
      ['alerts', { status: 'delivered', id: 'm1', channelId: 'C1', ts: '1.000100' }],
      ['alerts', { status: 'dead_lettered', id: 'm2', reason: 'restricted_action' }],
      ['alerts', { status: 'dropped', id: 'm3', reason: 'unknown_error' }],
    ]);
    expect(heardA).toEqual([]); // its own notices
    expect(raw.join('\n')).not.toMatch(/xoxb|SECRET|permalink|example\.slack/);
    expect(JSON.parse(raw[0] as string)).toEqual({
      channel: 'alerts',
      from: a.instanceId,
      outcome: { status: 'delivered', id: 'm1', channelId: 'C1', ts: '1.000100' },
    });
    spy.disconnect();
  });

  it('after a Redis outage: resubscribed (watch and watchOutcomes), and what was published meanwhile arrives', async () => {
    const [a, b] = [open('rel2'), open('rel2')];
    const outcomes: string[] = [];
    const work: string[] = [];
    b.watchOutcomes((_c, o) => outcomes.push(o.id));
    b.watch((c) => work.push(c));
    expect(await waitFor(async () => (await subscribers('rel2')) === 1, 5000)).toBe(true);
    await redis.kill();
    expect(await waitFor(async () => (await a.storeHealth()).redis === 'unavailable', 5000)).toBe(true);
    // Settled while Redis is down: kept, not lost.
    await a.publishOutcome('alerts', { status: 'delivered', id: 'during', channelId: 'C1', ts: '2.0' });
    await redis.start();
    expect(await waitFor(() => outcomes.includes('during'), 10_000)).toBe(true);
    expect(await waitFor(async () => (await subscribers('rel2')) === 1, 10_000)).toBe(true);
    await a.publishOutcome('alerts', { status: 'delivered', id: 'after', channelId: 'C1', ts: '3.0' });
    await redis.client().publish('rel2:work', 'alerts');
    expect(await waitFor(() => outcomes.includes('after') && work.includes('alerts'), 5000)).toBe(true);
    expect(outcomes).toEqual(['during', 'after']);
  }, 30_000);

  it('wakes the lane of an item released while Redis was down once the release reaches Redis', async () => {
    // Locks far longer than the test: only the wake-up, not a sweep of an expired claim, can explain it.
    const a = createRedisStore({
      url: redis.url,
      prefix: 'rel3',
      commandTimeoutMs: 300,
      lockDurationMs: 60_000,
    });
    stores.push(a);
    const woken: string[] = [];
    a.watch((c) => woken.push(c));
    const item = makeItem({ channel: 'idle-lane' });
    await a.add(item);
    const claimed = await a.claim('idle-lane');
    expect(claimed?.id).toBe(item.id);
    await redis.kill();
    expect(await waitFor(async () => (await a.storeHealth()).redis === 'unavailable', 5000)).toBe(true);
    await a.release({ ...item, attempts: 1 }); // a 429 during the outage: kept for the reconnect
    expect(await a.claim('idle-lane')).toBeUndefined(); // the lane finds nothing and goes idle
    await redis.start();
    expect(await waitFor(() => woken.includes('idle-lane'), 10_000)).toBe(true);
    expect((await a.claim('idle-lane'))?.id).toBe(item.id);
  }, 30_000);
});
