/**
 * SCENARIO 8 (the Redis side): three store instances (each its own connection, as three replicas) race on the
 * same fingerprint; exactly one gets 'first' in each of 50 trials, the others 'repeat' and count into the
 * group counter. With Redis killed (a partition) every one gets 'unavailable' at once, so callers fail open;
 * after Redis returns, dedupe works again within one window.
 */

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
let replicas: RedisStore[];

beforeAll(async () => {
  redis = await startTestRedis();
  replicas = [0, 1, 2].map(() => createRedisStore({ url: redis.url, prefix: 's8', commandTimeoutMs: 300 }));
  await Promise.all(replicas.map((r) => r.recover()));
});
afterAll(async () => {
  for (const r of replicas ?? []) await r.close();
  await redis?.stop();
});

const race = (fingerprint: string, windowMs = 5000) =>
  Promise.all(replicas.map((r) => r.claimFingerprint(fingerprint, windowMs)));

describe.skipIf(noRedis)('scenario 8: cross-replica dedupe', () => {
  it('gives exactly one replica "first" per fingerprint and window, over 50 racing trials', async () => {
    for (let trial = 0; trial < 50; trial++) {
      const fp = `fp-${trial}`;
      const results = await race(fp);
      expect(results.filter((r) => r === 'first')).toHaveLength(1);
      expect(results.filter((r) => r === 'repeat')).toHaveLength(2);
      // The two repeaters count into the same group counter; it lives exactly as long as the claim.
      const counts = await Promise.all(
        replicas.filter((_, i) => results[i] === 'repeat').map((r) => r.countRepeat(fp)),
      );
      expect(counts.sort()).toEqual([1, 2]);
      expect(await replicas[0]!.repeats(fp)).toBe(2);
    }
    const db = redis.client();
    const [claimTtl, counterTtl] = await Promise.all([db.pttl('s8:fp:fp-49'), db.pttl('s8:fpn:fp-49')]);
    expect(counterTtl).toBeGreaterThan(0);
    expect(Math.abs(claimTtl - counterTtl)).toBeLessThan(200);
  });

  it('starts a new window once the old one expired', async () => {
    expect((await race('fp-window', 300)).filter((r) => r === 'first')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 400));
    expect((await race('fp-window', 300)).filter((r) => r === 'first')).toHaveLength(1);
  });

  it('answers "unavailable" within commandTimeoutMs when Redis stops answering (a frozen server), then dedupes again', async () => {
    redis.freeze();
    try {
      const started = performance.now();
      const cutOff = await race('fp-frozen');
      const tookMs = performance.now() - started;
      const again = performance.now();
      const next = await race('fp-frozen-2');
      const nextMs = performance.now() - again;
      console.log(
        `scenario 8: frozen → ${cutOff.join('/')} in ${tookMs.toFixed(0)} ms, then ${next.join('/')} in ${nextMs.toFixed(2)} ms`,
      );
      expect(cutOff).toEqual(['unavailable', 'unavailable', 'unavailable']);
      expect(tookMs).toBeLessThan(300 + 500);
      expect(next).toEqual(['unavailable', 'unavailable', 'unavailable']);
      expect(nextMs).toBeLessThan(50);
    } finally {
      redis.thaw();
    }
    const healed = await waitFor(
      async () => (await Promise.all(replicas.map((r) => r.storeHealth()))).every((h) => h.redis === 'ready'),
      10_000,
    );
    expect(healed).toBe(true);
    expect((await race('fp-frozen-3')).filter((r) => r === 'first')).toHaveLength(1);
  });

  it('answers "unavailable" at once while cut off (fail open), and dedupes again after healing', async () => {
    await redis.kill();
    await waitFor(async () => (await replicas[0]!.storeHealth()).redis === 'unavailable', 3000);
    const started = performance.now();
    const cutOff = await race('fp-partition');
    const tookMs = performance.now() - started;
    expect(cutOff).toEqual(['unavailable', 'unavailable', 'unavailable']);
    expect(await replicas[1]!.countRepeat('fp-partition')).toBe(-1);
    await redis.start();
    const healed = await waitFor(
      async () => (await Promise.all(replicas.map((r) => r.storeHealth()))).every((h) => h.redis === 'ready'),
      10_000,
    );
    expect(healed).toBe(true);
    const after = await race('fp-partition');
    console.log(
      `scenario 8: cut off → ${cutOff.join('/')} in ${tookMs.toFixed(2)} ms; healed → ${after.join('/')}`,
    );
    expect(tookMs).toBeLessThan(50);
    expect(after.filter((r) => r === 'first')).toHaveLength(1);
  });
});
