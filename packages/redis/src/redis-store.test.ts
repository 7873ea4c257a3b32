import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeItem } from '@backend-notifier/core/testing';
import { requireBinary } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store.js';
import type { RedisStoreOptions } from './redis-store-options.js';
import { waitFor } from './test-support/cluster.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why,
// and under CI=true it fails instead.
const noRedis = requireBinary('redis-server');

const CLAIM_CHILD = fileURLToPath(new URL('./test-support/claim-child.mjs', import.meta.url));
let redis: TestRedis;
let n = 0;
const stores: RedisStore[] = [];
const open = (options: RedisStoreOptions = {}): RedisStore => {
  const store = createRedisStore({ url: redis.url, ...options });
  stores.push(store);
  return store;
};
const prefix = (): string => `unit${++n}`;

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const s of stores) await s.close();
  await redis.stop();
});

describe.skipIf(noRedis)('shared outbox', () => {
  it('is one queue for every instance on the same prefix, in priority then seq order', async () => {
    const p = prefix();
    const [a, b] = [open({ prefix: p }), open({ prefix: p })];
    const low = makeItem({ priority: 'low' });
    const normal = makeItem();
    const high = makeItem({ priority: 'high' });
    await a.add(low);
    await b.add(normal);
    await a.add(high);
    expect((await b.claim('alerts'))?.id).toBe(high.id);
    expect((await a.claim('alerts'))?.id).toBe(normal.id);
    expect(await b.depth()).toMatchObject({ pending: 1, inFlight: 2 });
    await a.ack(high.id);
    await b.ack(normal.id);
    expect((await b.claim('alerts'))?.id).toBe(low.id);
    // A second add of the same id (a fallback moved back after an ambiguous add) is ignored.
    await a.add(low);
    expect(await a.depth()).toMatchObject({ pending: 0, inFlight: 1 });
  });

  it('gives a SIGKILLed instance its claim back after lockDurationMs, ambiguous, to another instance', async () => {
    const p = prefix();
    const live = open({ prefix: p, lockDurationMs: 300, stalledIntervalMs: 100 });
    const item = makeItem();
    await live.add(item);
    const child = spawn(process.execPath, [
      CLAIM_CHILD,
      JSON.stringify({ url: redis.url, prefix: p, lockDurationMs: 300, channel: 'alerts' }),
    ]);
    const line = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
    );
    expect(JSON.parse(line)).toEqual({ claimed: item.id });
    // The live instance renews its own claims: they outlive lockDurationMs while it holds them.
    const mine = makeItem();
    await live.add(mine);
    expect((await live.claim('alerts'))?.id).toBe(mine.id);
    await new Promise((r) => setTimeout(r, 200)); // the child renews too while it lives
    expect(await live.claim('alerts')).toBeUndefined();
    // An idle instance that only watches is told when the dead claim goes back to waiting.
    const idle = open({ prefix: p });
    const woken: { channel: string; at: number }[] = [];
    idle.watch((channel) => woken.push({ channel, at: Date.now() }));
    await new Promise((r) => setTimeout(r, 100)); // the subscription is made
    child.kill('SIGKILL');
    const killedAt = Date.now();
    let back = await live.claim('alerts');
    while (back === undefined && Date.now() - killedAt < 5000) {
      await new Promise((r) => setTimeout(r, 10));
      back = await live.claim('alerts');
    }
    const waited = Date.now() - killedAt;
    expect(back).toMatchObject({ id: item.id, ambiguous: true });
    expect(waited).toBeLessThan(300 + 100 + 200);
    await waitFor(() => woken.length > 0, 1000);
    expect(woken[0]?.channel).toBe('alerts');
    expect((woken[0]?.at ?? 0) - killedAt).toBeLessThan(300 + 100 + 200);
    await new Promise((r) => setTimeout(r, 400));
    expect(await live.depth()).toMatchObject({ pending: 0, inFlight: 2 });
  });
});

describe.skipIf(noRedis)('pacing across instances', () => {
  const sendPair = async (strictSpacing: boolean) => {
    const p = prefix();
    const [a, b] = [open({ prefix: p, strictSpacing }), open({ prefix: p, strictSpacing })];
    await a.add(makeItem({ channel: 'pace' }));
    await b.add(makeItem({ channel: 'pace' }));
    const first = await a.claim('pace');
    const second = await b.claim('pace');
    await a.reserve('pace', 100);
    const goA = Date.now();
    let goB = 0;
    const waitingB = b.reserve('pace', 100).then(() => {
      goB = Date.now();
    });
    await new Promise((r) => setTimeout(r, 300)); // A's send takes 300 ms
    const ackedA = Date.now();
    await a.ack(first!.id);
    await waitingB;
    await b.ack(second!.id);
    return { afterStart: goB - goA, afterFinish: goB - ackedA };
  };

  it('strict: the next send waits for the previous one to finish, then 0.96 × interval', async () => {
    const { afterStart, afterFinish } = await sendPair(true);
    expect(afterStart).toBeGreaterThanOrEqual(300);
    expect(afterFinish).toBeGreaterThanOrEqual(95);
  });

  it('not strict: the next send goes one interval after the previous one started', async () => {
    const { afterStart } = await sendPair(false);
    expect(afterStart).toBeGreaterThanOrEqual(95);
    expect(afterStart).toBeLessThan(300);
  });

  it('a 429 pause set by one instance holds every other instance back until it ends', async () => {
    const p = prefix();
    const [a, b] = [open({ prefix: p }), open({ prefix: p })];
    for (const s of [a, a, b]) await s.add(makeItem({ channel: 'p429' }));
    const x = await a.claim('p429');
    await a.reserve('p429', 100);
    await a.pause('p429', Date.now() + 600); // A's post got a 429 with Retry-After 0.6 s
    const paused = Date.now();
    await a.release(x!);
    const y = await b.claim('p429');
    await b.reserve('p429', 100);
    expect(Date.now() - paused).toBeGreaterThanOrEqual(590);
    await b.ack(y!.id);
  });
});
