/**
 * SCENARIO 2: per-channel pacing across replicas. Three replicas (child processes running the built core and
 * this store) share one Redis and one emulator; rates are scaled to 10/s per channel in both the emulator
 * (burst 1) and the notifiers. Every criterion is checked on the emulator's server-side request log. Also:
 * a 429 seen by one replica pauses the channel for all (`pause`).
 */
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { requireBinary } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pacingReport } from './test-support/pacing-report.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';
import { type Replica, startReplica } from './test-support/replicas.js';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why,
// and under CI=true it fails instead.
const noRedis = requireBinary('redis-server');

const RATE = Number(process.env['SCENARIO2_RATE'] ?? 2);
const INTERVAL = 1000 / RATE;
const N = Number(process.env['SCENARIO2_N'] ?? 60);
const REPLICAS = 3;

let emu: SlackEmulator;
let redis: TestRedis;
let replicas: Replica[] = [];

const posts = (channelId: string, since = 0) =>
  emu.control
    .requestLog()
    .filter((e) => e.method === 'chat.postMessage' && e.channel === channelId && e.seq > since);
const uidOf = (text: string | undefined): string | undefined => /message (u[\w-]+)/.exec(text ?? '')?.[1];

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

beforeAll(async () => {
  emu = await startSlackEmulator({
    port: 0,
    rateLimits: {
      enabled: !process.env['SCENARIO2_NOLIMIT'],
      // The emulator refuses (429) any gap under 0.95 / RATE: the scenario's own tolerance, enforced by "Slack".
      postMessage: { perSecond: RATE / 0.95, burst: 1 },
      tiers: { t1: 600, t2: 600, t3: 600, t4: 600 },
    },
  });
  redis = await startTestRedis();
  replicas = await Promise.all(
    Array.from({ length: REPLICAS }, () =>
      startReplica({
        apiUrl: emu.apiUrl,
        token: emu.botToken,
        redisUrl: redis.url,
        prefix: 'scenario2',
        channelA: 'pace-a',
        channelB: 'pace-b',
        perChannelPerSecond: RATE,
        burst: 1,
        workspacePerMinute: 60 * RATE * 4,
        healthCheckIntervalMs: 0,
        strictSpacing: process.env['SCENARIO2_LOOSE'] ? false : undefined,
      }),
    ),
  );
}, 60_000);

afterAll(async () => {
  for (const r of replicas) r.kill();
  await emu?.close();
  await redis?.stop();
});

describe.skipIf(noRedis)('scenario 2: per-channel pacing across 3 replicas', () => {
  it(`paces ${N} + ${N} burst messages at ${RATE}/s per channel across all replicas, A and B in parallel`, async () => {
    const a = emu.control.channel('pace-a')?.id as string;
    const b = emu.control.channel('pace-b')?.id as string;
    const since = emu.control.requestLog().at(-1)?.seq ?? 0;
    // Each replica gets a third of the burst for each channel, all at once.
    await Promise.all(
      replicas.map((replica, r) => {
        const batch = [];
        for (let i = r; i < N; i += REPLICAS) {
          batch.push({ route: undefined, uid: `u-a-${i}` }, { route: 'b', uid: `u-b-${i}` });
        }
        return replica.call('notify', { batch });
      }),
    );
    const ok = (ch: string) => posts(ch, since).filter((e) => e.outcome === 'ok');
    await waitFor(() => ok(a).length >= N && ok(b).length >= N, (N / RATE) * 1000 * 1.5 + 10_000);

    for (const [name, ch] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const all = posts(ch, since);
      const uids = ok(ch).map((e) => uidOf(e.text));
      // Windows shrunk by the scenario's 5 % tolerance: k requests may come in k × 0.95 intervals, never k + 1.
      const report = pacingReport(
        all.map((e) => e.at),
        0.95 * INTERVAL,
      );
      console.log(`scenario 2 channel ${name}:`, JSON.stringify(report));
      if (process.env['SCENARIO2_DEBUG']) {
        console.log(
          all
            .map((e, i) => `${e.at - (all[i - 1]?.at ?? e.at)}${e.outcome === 'ok' ? '' : e.outcome}`)
            .join(' '),
        );
        for (const r of replicas)
          console.log(
            r
              .output()
              .split('\n')
              .filter((l) => /Redis|store|rate/i.test(l))
              .slice(0, 8)
              .join('\n'),
          );
      }
      expect(all.filter((e) => e.outcome !== 'ok')).toEqual([]); // 0 429s, 0 errors
      expect(new Set(uids).size).toBe(N); // 0 lost
      expect(uids.length).toBe(N); // 0 duplicates
      expect(report.minGapMs).toBeGreaterThanOrEqual(0.95 * INTERVAL);
      // Sliding windows of 1…10 intervals (one interval = Slack's 1 s window, scaled) hold at most k (burst 1).
      expect(report.maxInWindows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      // No fixed-window double burst: the pairs around each whole second are as far apart as any others.
      expect(report.minGapAcrossSecondEdgesMs).toBeGreaterThanOrEqual(0.95 * INTERVAL);
      const ideal = ((N - 1) / RATE) * 1000;
      expect(report.spanMs).toBeGreaterThanOrEqual(ideal * 0.95);
      expect(report.spanMs).toBeLessThanOrEqual(ideal * 1.05);
    }
    // Every replica sent its share: the pacing held across replicas, not inside one of them.
    type Stats = { accepted: number; delivered: number; deliveredForOthers: number; pending: number };
    const reports = await Promise.all(replicas.map((r) => r.call<{ stats: Stats; sent: number }>('health')));
    const stats = reports.map((h) => h.stats);
    // The store is shared: a replica's `delivered` counts its own items wherever they were posted, and
    // `deliveredForOthers` the others' items it posted; `sent` is what it posted itself (its acks).
    const delivered = stats.map((s) => s.delivered + s.deliveredForOthers);
    const sent = reports.map((h) => h.sent);
    console.log(
      'scenario 2: per replica accepted/delivered/pending/deliveredForOthers, sent',
      stats.map((s) => `${s.accepted}/${s.delivered}/${s.pending}/${s.deliveredForOthers}`).join(' '),
      sent.join('/'),
    );
    for (const n of sent) expect(n).toBeGreaterThan((2 * N) / REPLICAS / 3);
    for (const d of delivered) expect(d).toBeGreaterThan((2 * N) / REPLICAS / 3);
    const ra = pacingReport(
      posts(a, since).map((e) => e.at),
      INTERVAL,
    );
    const rb = pacingReport(
      posts(b, since).map((e) => e.at),
      INTERVAL,
    );
    // A and B ran side by side, not one after the other.
    expect(Math.abs(ra.first - rb.first)).toBeLessThan(1000);
    expect(Math.abs(ra.last - rb.last)).toBeLessThan(2000);
  }, 120_000);

  it('a 429 seen by one replica pauses the channel for every replica until Retry-After', async () => {
    const a = emu.control.channel('pace-a')?.id as string;
    const since = emu.control.requestLog().at(-1)?.seq ?? 0;
    emu.control.addFault({
      method: 'chat.postMessage',
      channel: a,
      times: 1,
      action: { type: 'ratelimit', retryAfter: 1 },
    });
    const M = 30;
    await Promise.all(
      replicas.map((replica, r) => {
        const batch = [];
        for (let i = r; i < M; i += REPLICAS) batch.push({ route: undefined, uid: `u-p-${i}` });
        return replica.call('notify', { batch });
      }),
    );
    const ok = () => posts(a, since).filter((e) => e.outcome === 'ok');
    await waitFor(() => ok().length >= M, 30_000);
    const log = posts(a, since);
    const limited = log.filter((e) => e.outcome === 'ratelimited');
    expect(limited).toHaveLength(1);
    const t = (limited[0] as { at: number }).at;
    const inPause = log.filter((e) => e.at > t && e.at < t + 1000);
    console.log(
      'scenario 2, 429: requests to A inside the 1 s pause:',
      inPause.length,
      'first after:',
      (log.find((e) => e.at > t)?.at ?? 0) - t,
      'ms',
    );
    expect(inPause).toEqual([]);
    const uids = ok().map((e) => uidOf(e.text));
    expect(new Set(uids).size).toBe(M);
    expect(uids.length).toBe(M);
  }, 60_000);
});
