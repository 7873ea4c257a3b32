/**
 * Scenario 8, the core's side: three notifiers (as three replicas) share an in-memory stand-in for the
 * store's dedupe claim (`claimFingerprint`/`countRepeat`/`repeats`, the same contract `@backend-notifier/redis`
 * implements with `SET NX PX`; the Redis-backed run lives in packages/redis). Real WebClient, emulator.
 */
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { emulatorNotifier } from '../test-support/emulator-notifier.js';
import type { Notifier, OutboxStore } from '../types.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 's8', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims shared by the replicas, with the window as an expiry, like the Redis keys. */
function sharedClaims(state: { partitioned: boolean }) {
  const claims = new Map<string, { until: number; repeats: number }>();
  return (): OutboxStore =>
    Object.assign(createMemoryStore(), {
      claimFingerprint: async (fp: string, windowMs: number) => {
        await sleep(1); // a network round trip
        if (state.partitioned) return 'unavailable' as const;
        const c = claims.get(fp);
        if (c && c.until > Date.now()) return 'repeat' as const;
        claims.set(fp, { until: Date.now() + windowMs, repeats: 0 });
        return 'first' as const;
      },
      countRepeat: async (fp: string) => {
        if (state.partitioned) return -1;
        const c = claims.get(fp);
        if (!c) return -1;
        c.repeats++;
        return c.repeats;
      },
      repeats: async (fp: string) => (state.partitioned ? -1 : (claims.get(fp)?.repeats ?? -1)),
    });
}

function replicas(channel: string, state: { partitioned: boolean }): Notifier[] {
  const store = sharedClaims(state);
  return [0, 1, 2].map(
    () =>
      emulatorNotifier(emu, {
        channel,
        store: store(),
        grouping: { windowMs: 60_000, intervalMs: 300 },
      }).notifier,
  );
}

it('scenario 8: 3 replicas see the same errors within 500 ms → exactly 1 post per fingerprint, counter = all occurrences', async () => {
  const state = { partitioned: false };
  const nodes = replicas('s8-dedupe', state);
  await Promise.all(nodes.map((n) => n.start()));
  for (let trial = 0; trial < 50; trial++) {
    for (const [i, n] of nodes.entries()) {
      setTimeout(
        () =>
          n.notify({
            error: new Error(`checkout failed (trial ${trial}, replica ${i})`),
            fingerprint: `fp-${trial}`,
          }),
        (trial * 7 + i * 150) % 500,
      );
    }
  }
  await sleep(600);
  await Promise.all(nodes.map((n) => n.flush(10_000)));
  await sleep(1_000); // the first poster's counter update (interval 300 ms)
  const messages = emu.control.messages('s8-dedupe');
  for (let trial = 0; trial < 50; trial++) {
    const mine = messages.filter((m) => m.text.includes(`(trial ${trial},`));
    expect(mine, `trial ${trial}`).toHaveLength(1);
    expect(mine[0]?.text).toContain('(×3)');
  }
  const stats = nodes.map((n) => n.stats());
  expect(stats.reduce((sum, s) => sum + s.delivered, 0)).toBe(50);
  expect(stats.reduce((sum, s) => sum + s.grouped, 0)).toBe(100);
  for (const s of stats)
    expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
  await Promise.all(nodes.map((n) => n.close()));
}, 30_000);

it("scenario 8: cut off from the shared store ('unavailable') every replica posts (fail open), then dedupes again", async () => {
  const state = { partitioned: true };
  const nodes = replicas('s8-partition', state);
  await Promise.all(nodes.map((n) => n.start()));
  for (const n of nodes) n.notify({ error: new Error('cut off'), fingerprint: 'fp-cut' });
  await Promise.all(nodes.map((n) => n.flush(10_000)));
  expect(emu.control.messages('s8-partition').filter((m) => m.text.includes('cut off'))).toHaveLength(3);
  state.partitioned = false;
  for (const n of nodes) n.notify({ error: new Error('healed'), fingerprint: 'fp-healed' });
  await Promise.all(nodes.map((n) => n.flush(10_000)));
  expect(emu.control.messages('s8-partition').filter((m) => m.text.includes('healed'))).toHaveLength(1);
  await Promise.all(nodes.map((n) => n.close()));
}, 30_000);
