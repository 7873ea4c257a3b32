/**
 * SCENARIO 15: Redis comes back empty. A redis-server without persistence (`--save '' --appendonly no`) is
 * SIGKILLed with queued items in it and restarted empty on the same port; then, on a second cluster, the
 * outbox is FLUSHALLed and filled before the replicas store their items again. Two replica processes run
 * the built core and store against the emulator, whose posts are slowed (a delay fault) so that items stay
 * queued. Pass: each replica notices, re-queues what it still holds or counts it `lost`; every message is
 * either in Slack or counted lost by the replica that accepted it (never both, never neither); health
 * (`store_loss`) and exactly one log line per replica say so with the fix (`appendonly yes`); `flush()`
 * does not wait for items that no longer exist and resolves within its bound.
 */
import { requireBinary } from '@backend-notifier/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './test-support/cluster.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';

const noRedis = requireBinary('redis-server');

const RATE = 10;
/** Every post is held this long by the emulator: a channel sends about one per 0.96 × 100 + 250 ms. */
const POST_DELAY_MS = 250;
const GRACE_MS = 1000;

type Stats = {
  accepted: number;
  delivered: number;
  pending: number;
  deadLettered: number;
  dropped: number;
  grouped: number;
  droppedByReason: Record<string, number>;
};
type Check = { name: string; status: string; detail?: string; value?: unknown };
type Health = { notifier: { status: string; checks: Check[] }; stats: Stats };
type Outcome = { status: string; reason?: string };

let redis: TestRedis | undefined;
let cluster: Cluster | undefined;

afterEach(async () => {
  await cluster?.stop();
  await redis?.stop();
  cluster = undefined;
  redis = undefined;
});

const uidsOf = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    route: i % 2 === 0 ? ('a' as const) : ('b' as const),
    uid: `u-${tag}-${i}`,
  }));

/** Log lines (JSON, one per line) a replica wrote that name the fix. */
const fixLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.includes('appendonly yes'))
    .map(
      (line) =>
        JSON.parse(line) as { level: string; message: string; meta: { requeued: number; lost: number } },
    );

function expectBalanced(s: Stats): void {
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
}

async function start(prefix: string, extra: Record<string, unknown> = {}): Promise<Cluster> {
  redis = await startTestRedis();
  const c = await startCluster(redis, {
    prefix,
    rate: RATE,
    replicas: 2,
    lockDurationMs: 3000,
    stalledIntervalMs: 1000,
    healthCheckIntervalMs: 1000,
    commandTimeoutMs: 500,
    lossGraceMs: GRACE_MS,
    trackReceipts: true,
    ...extra,
  });
  c.emu.control.addFault({ method: 'chat.postMessage', action: { type: 'delay', ms: POST_DELAY_MS } });
  cluster = c;
  return c;
}

describe.skipIf(noRedis)('scenario 15: Redis comes back empty', () => {
  it('restarted without persistence: each replica re-queues what it holds; all delivered, health and one line say so', async () => {
    const c = await start('s15r');
    const [a, b] = c.replicas as [Cluster['replicas'][number], Cluster['replicas'][number]];
    const sent = uidsOf('r', 80);
    await c.burst(sent);
    // A few get through, most are queued in Redis when it dies.
    await new Promise((r) => setTimeout(r, 1500));
    const beforeKill = new Set([...c.posted(c.channelA), ...c.posted(c.channelB)]).size;
    await redis!.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await redis!.start();
    const restartedAt = Date.now();
    // Empty: nothing of the outbox survived (the replicas store their items again only after the grace).
    expect(await redis!.client().hlen('s15r:items')).toBe(0);

    // Both replicas wait for their own items, as an app's shutdown would.
    const perChannel = Math.ceil((sent.length - beforeKill) / 2);
    const boundMs = 5000 + GRACE_MS + perChannel * (0.96 * (1000 / RATE) + POST_DELAY_MS) * 2;
    const flushes = await Promise.all(
      [a, b].map((r) => r.call<{ flushed: boolean; ms: number }>('flush', { timeoutMs: 120_000 })),
    );
    const all = [...c.posted(c.channelA), ...c.posted(c.channelB)];
    const missing = sent.filter(({ uid }) => !all.includes(uid));
    const duplicates = all.length - new Set(all).size;
    const healths = await Promise.all([a, b].map((r) => r.call<Health>('health')));
    const lines = [a, b].map((r) => fixLines(r.output()));
    const losses = healths.map((h) => h.notifier.checks.find((k) => k.name === 'store_loss'));
    console.log(
      `scenario 15 (restart): ${sent.length} sent, ${beforeKill} in Slack before the kill, redis restarted empty;`,
      `flush() ${flushes.map((f) => `${f.flushed} in ${Math.round(f.ms)} ms`).join(', ')} (bound ${Math.round(boundMs)} ms);`,
      `re-queued/lost per replica ${lines.map((l) => `${l[0]?.meta.requeued}/${l[0]?.meta.lost}`).join(', ')};`,
      `missing ${missing.length}, duplicates ${duplicates}; done ${Date.now() - restartedAt} ms after the restart`,
    );
    console.log(`scenario 15 (restart) log line: ${lines[0]?.[0]?.message}`);
    console.log(`scenario 15 (restart) health store_loss: ${JSON.stringify(losses[0])}`);
    console.log(`scenario 15 (restart) stats: ${healths.map((h) => JSON.stringify(h.stats)).join(' | ')}`);

    for (const f of flushes) {
      expect(f.flushed).toBe(true);
      expect(f.ms).toBeLessThan(boundMs);
    }
    // From the Slack side: every message is there (each replica stored its own again).
    expect(missing).toEqual([]);
    // At most the sends in flight when Redis died (one per channel) could be doubled.
    expect(duplicates).toBeLessThanOrEqual(2);
    let requeued = 0;
    for (const [i, h] of healths.entries()) {
      expectBalanced(h.stats);
      expect(h.stats.pending).toBe(0);
      expect(h.stats.droppedByReason.lost ?? 0).toBe(0);
      expect(h.stats.delivered).toBe(sent.length / 2);
      expect(lines[i]).toHaveLength(1);
      expect(lines[i]?.[0]).toMatchObject({ level: 'warn', meta: { lost: 0 } });
      expect(lines[i]?.[0]?.message).toContain('the server restarted without persistence (appendonly no)');
      requeued += lines[i]?.[0]?.meta.requeued ?? 0;
      expect(losses[i]).toMatchObject({ status: 'degraded', value: 0 });
      expect(losses[i]?.detail).toContain('Fix: run Redis with persistence (appendonly yes)');
      expect(h.notifier.status).not.toBe('ok');
    }
    expect(requeued).toBeGreaterThan(sent.length / 2);
    const outcomes = await Promise.all(
      [a, b].map((r) => r.call<{ outcomes: Record<string, Outcome> }>('outcomes')),
    );
    for (const o of outcomes) {
      for (const outcome of Object.values(o.outcomes)) expect(outcome.status).toBe('delivered');
    }
  }, 150_000);

  it('flushed and refilled before the replicas re-queue: what does not fit is counted lost, the rest delivered, never both', async () => {
    // An outbox of 30: after the flush, 30 new messages fill it before the old ones come back.
    const c = await start('s15f', { maxItems: 30 });
    const [a, b] = c.replicas as [Cluster['replicas'][number], Cluster['replicas'][number]];
    const old = uidsOf('old', 30);
    await c.burst(old);
    await new Promise((r) => setTimeout(r, 700));
    await redis!.client().flushall();
    const fill = uidsOf('fill', 30);
    await c.burst(fill);
    const flushes = await Promise.all(
      [a, b].map((r) => r.call<{ flushed: boolean; ms: number }>('flush', { timeoutMs: 120_000 })),
    );
    const all = [...c.posted(c.channelA), ...c.posted(c.channelB)];
    const outcomes = await Promise.all(
      [a, b].map((r) => r.call<{ outcomes: Record<string, Outcome> }>('outcomes')),
    );
    const outcomeOf = (uid: string) => outcomes.map((o) => o.outcomes[uid]).find((x) => x !== undefined);
    const healths = await Promise.all([a, b].map((r) => r.call<Health>('health')));
    const lines = [a, b].map((r) => fixLines(r.output()));
    const lost = old.filter(({ uid }) => outcomeOf(uid)?.status === 'dropped');
    const boundMs = 5000 + GRACE_MS + 30 * (0.96 * (1000 / RATE) + POST_DELAY_MS) * 2;
    console.log(
      `scenario 15 (flush): ${old.length} old + ${fill.length} new, outbox of 30; flush() ${flushes.map((f) => `${f.flushed} in ${Math.round(f.ms)} ms`).join(', ')} (bound ${Math.round(boundMs)} ms);`,
      `re-queued/lost per replica ${lines.map((l) => `${l[0]?.meta.requeued}/${l[0]?.meta.lost}`).join(', ')}; old lost ${lost.length};`,
      `line: ${lines[0]?.[0]?.message}`,
    );

    for (const f of flushes) {
      expect(f.flushed).toBe(true);
      expect(f.ms).toBeLessThan(boundMs);
    }
    // Every message is in Slack or counted lost by its replica, and not both.
    for (const { uid } of [...old, ...fill]) {
      const outcome = outcomeOf(uid);
      if (all.includes(uid)) expect(outcome?.status).toBe('delivered');
      else expect(outcome).toMatchObject({ status: 'dropped', reason: 'lost' });
    }
    for (const { uid } of fill) expect(all).toContain(uid);
    expect(lost.length).toBeGreaterThan(0);
    let lostCounted = 0;
    for (const [i, h] of healths.entries()) {
      expectBalanced(h.stats);
      expect(h.stats.pending).toBe(0);
      lostCounted += h.stats.droppedByReason.lost ?? 0;
      expect(lines[i]).toHaveLength(1);
      expect(lines[i]?.[0]?.message).toContain('its keys were deleted (FLUSHALL, FLUSHDB or eviction)');
      const check = h.notifier.checks.find((k) => k.name === 'store_loss');
      expect(check).toMatchObject({ status: 'degraded', value: h.stats.droppedByReason.lost ?? 0 });
      expect(check?.detail).toContain('appendonly yes');
    }
    expect(lostCounted).toBe(lost.length);
  }, 150_000);
});
