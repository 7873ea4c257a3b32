/**
 * What core does with this store as a shared outbox, with a real redis-server child and two notifier replicas
 * in this process (real WebClient against the emulator): (a) the store's health in the notifier's health()
 * through a Redis outage, (b) an idle replica woken through store.watch() to deliver a dead replica's
 * messages, (c) per-replica accounting and flush() with a shared outbox (outcomes relayed by the store over
 * Redis pub/sub: `publishOutcome` / `watchOutcomes`).
 */
import { createNotifier, type Notifier, type NotifierOptions } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { requireBinary } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store.js';
import { waitFor } from './test-support/cluster.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why,
// and under CI=true it fails instead.
const noRedis = requireBinary('redis-server');

const RATE = 10;
const CHECK_INTERVAL_MS = 2000;

let redis: TestRedis;
let emu: SlackEmulator;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startTestRedis({ durable: true });
  emu = await startSlackEmulator({
    port: 0,
    rateLimits: {
      postMessage: { perSecond: RATE / 0.95, burst: 1 },
      tiers: { t1: 600, t2: 600, t3: 600, t4: 600 },
    },
  });
}, 30_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await emu?.close();
  await redis?.stop();
});

function store(prefix: string): RedisStore {
  const s = createRedisStore({
    url: redis.url,
    prefix,
    lockDurationMs: 1500,
    stalledIntervalMs: 500,
    commandTimeoutMs: 300,
  });
  closers.push(() => s.close());
  return s;
}

function replica(s: RedisStore, channel: string, options: Partial<NotifierOptions> = {}): Notifier {
  const n = createNotifier({
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    channel,
    store: s,
    perChannelPerSecond: RATE,
    workspacePerMinute: 6000,
    healthCheckIntervalMs: CHECK_INTERVAL_MS,
    retry: { backoff: { baseMs: 100, maxMs: 1000 } },
    timeoutMs: 5000,
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    ...options,
  });
  closers.push(() => n.close(1000));
  return n;
}

/** Subscribers on the prefix's outcome topic, as Redis counts them (each replica's store opens one). */
async function outcomeSubscribers(prefix: string): Promise<number> {
  const [, count] = (await redis.client().pubsub('NUMSUB', `${prefix}:outcome`)) as [string, number];
  return Number(count);
}

const uidsIn = (channel: string): string[] =>
  emu.control.messages(channel).flatMap((m) => /uid (\S+)/.exec(m.text ?? '')?.[1] ?? []);

describe.skipIf(noRedis)('core with a shared Redis outbox', () => {
  it('(a) health() turns degraded within one check interval while Redis is down and ok after it returns', async () => {
    const replicas = [replica(store('ha'), 'shared-a'), replica(store('ha'), 'shared-a')];
    await Promise.all(replicas.map((r) => r.start()));
    for (const r of replicas) expect((await r.health()).status).toBe('ok');
    await redis.kill();
    const killedAt = Date.now();
    const degradedAfter: number[] = [];
    await Promise.all(
      replicas.map(async (r) => {
        const seen = await waitFor(async () => (await r.health()).status === 'degraded', CHECK_INTERVAL_MS);
        expect(seen).toBe(true);
        degradedAfter.push(Date.now() - killedAt);
      }),
    );
    const during = await replicas[0]?.health();
    expect(during?.checks.find((c) => c.name === 'store')).toMatchObject({ status: 'degraded' });
    const receipts = replicas.flatMap((r, i) =>
      [0, 1, 2].map((j) => r.notify(`during outage uid o-${i}-${j}`)),
    );
    expect(await Promise.all(receipts.map((r) => r.accepted))).toEqual(Array(6).fill(true));
    await new Promise((r) => setTimeout(r, 1000));
    await redis.start();
    const startedAt = Date.now();
    const okAfter: number[] = [];
    await Promise.all(
      replicas.map(async (r) => {
        const seen = await waitFor(async () => (await r.health()).status === 'ok', 30_000);
        expect(seen).toBe(true);
        okAfter.push(Date.now() - startedAt);
      }),
    );
    // Posted by either replica; each receipt settles at its owner, wherever it was posted.
    expect(await waitFor(() => uidsIn('shared-a').length >= 6, 30_000)).toBe(true);
    expect(uidsIn('shared-a').sort()).toEqual(['o-0-0', 'o-0-1', 'o-0-2', 'o-1-0', 'o-1-1', 'o-1-2']);
    const outcomes = await Promise.all(receipts.map((r) => r.delivered));
    expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('delivered'));
    console.log(
      `core+redis (a): health degraded ${degradedAfter.join(', ')} ms after the kill (interval ${CHECK_INTERVAL_MS}); ok ${okAfter.join(', ')} ms after the restart`,
    );
  }, 60_000);

  it("(b) an idle replica is woken by store.watch() and delivers a dead replica's messages at once", async () => {
    const channel = 'shared-b';
    // Periodic check far away: only the wake-up can explain a prompt pick-up.
    const idle = replica(store('wb'), channel, { healthCheckIntervalMs: 60_000 });
    await idle.start();
    await new Promise((r) => setTimeout(r, 300));
    const dead = store('wb');
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      await dead.add({
        id: `dead-${i}`,
        channel,
        priority: 'normal',
        seq: now * 1024 + i,
        acceptedAt: now,
        notification: `left by a dead replica uid d-${i}`,
        attempts: 0,
      });
    }
    expect((await dead.claim(channel))?.id).toBe('dead-0');
    await new Promise((r) => setTimeout(r, 1000));
    expect(uidsIn(channel)).toEqual([]); // the idle replica does not know yet
    await dead.close(); // gives up its claim, as a lock running out does
    const closedAt = Date.now();
    const all = await waitFor(() => uidsIn(channel).length >= 3, 10_000);
    const tookMs = Date.now() - closedAt;
    expect(all).toBe(true);
    expect(uidsIn(channel).sort()).toEqual(['d-0', 'd-1', 'd-2']);
    // Counted once Slack's answers are back (the emulator logs a post when it receives it).
    await waitFor(() => idle.stats().deliveredForOthers === 3, 5000);
    // Well inside the idle replica's 60 s periodic check: the sweep (≤ 500 ms) published, watch() kicked.
    expect(tookMs).toBeLessThan(5000);
    expect(idle.stats()).toMatchObject({ accepted: 0, pending: 0, delivered: 0, deliveredForOthers: 3 });
    console.log(`core+redis (b): a dead replica's 3 messages delivered by the idle one ${tookMs} ms after`);
  }, 30_000);

  it('(b, control) without store.watch() the same idle replica does not notice them before its periodic check', async () => {
    const channel = 'shared-b2';
    const unwatched = Object.assign(store('wb2'), { watch: undefined });
    const idle = replica(unwatched, channel, { healthCheckIntervalMs: 60_000 });
    await idle.start();
    await new Promise((r) => setTimeout(r, 300));
    const dead = store('wb2');
    const now = Date.now();
    await dead.add({
      id: 'dead2-0',
      channel,
      priority: 'normal',
      seq: now * 1024,
      acceptedAt: now,
      notification: 'left by a dead replica uid e-0',
      attempts: 0,
    });
    expect((await dead.claim(channel))?.id).toBe('dead2-0');
    await dead.close();
    await new Promise((r) => setTimeout(r, 3000));
    expect(uidsIn(channel)).toEqual([]);
  }, 30_000);

  it('(c) per-replica accounting holds exactly and flush() is true once each replica’s own items are delivered', async () => {
    const channel = 'shared-c';
    const stores = [store('pc'), store('pc')];
    // The late replica is created first, so its messages are older (a seq from the wall clock) and come
    // first out of the shared outbox; the early one, alone at first, must deliver some of them.
    const late = replica(stores[1] as RedisStore, channel, { autoStart: false });
    await new Promise((r) => setTimeout(r, 20));
    const early = replica(stores[0] as RedisStore, channel);
    const replicas = [early, late];
    // Both notifiers subscribed to the store's outcomes when created: wait until Redis has both subscriptions.
    expect(await waitFor(async () => (await outcomeSubscribers('pc')) === 2, 5000)).toBe(true);
    await early.start();
    const N = 20;
    const receipts = replicas.flatMap((r, i) =>
      Array.from({ length: N }, (_, j) => r.notify(`accounting uid c-${i}-${j}`)),
    );
    expect(await waitFor(() => uidsIn(channel).length >= 5, 20_000)).toBe(true);
    await late.start();
    const flushed = await Promise.all(replicas.map((r) => r.flush(20_000)));
    expect(flushed).toEqual([true, true]);
    const outcomes = await Promise.all(receipts.map((r) => r.delivered));
    expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
    const posted = uidsIn(channel);
    expect(posted).toHaveLength(2 * N);
    expect(new Set(posted).size).toBe(2 * N);
    const stats = replicas.map((r) => r.stats());
    for (const s of stats) {
      expect(s).toMatchObject({ accepted: N, delivered: N, pending: 0, deadLettered: 0, dropped: 0 });
      expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
    }
    const forOthers = stats.map((s) => s.deliveredForOthers);
    // Messages crossed (each posted once, checked above): the early replica posted at least the late one's first 5.
    expect(forOthers[0]).toBeGreaterThanOrEqual(5);
    console.log(
      `core+redis (c): accepted/delivered/pending/deliveredForOthers per replica: ${stats
        .map((s) => `${s.accepted}/${s.delivered}/${s.pending}/${s.deliveredForOthers}`)
        .join(' ')}`,
    );
    expect(await Promise.all(replicas.map((r) => r.close(2000)))).toEqual([true, true]);
  }, 60_000);
});
