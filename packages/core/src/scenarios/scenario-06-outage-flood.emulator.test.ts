/**
 * Scenario 6: Slack down (ECONNREFUSED) while the app emits 2,000 events/s at mixed priorities into a
 * 10,000-item memory outbox for 10 s (20,000 events; the scenario's 10 min is the same steady state, it only
 * runs longer). Then, on the emulator with connection resets, the drain after Slack returns; and on the fake
 * clock, the retry backoff cap and jitter through a 30-minute outage.
 */
import net from 'node:net';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNotifier, createNotifierWith } from '../notifier/create-notifier.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { emulatorNotifier, requests } from '../test-support/emulator-notifier.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { DeliveryOutcome, Notification, NotifyReceipt, Priority } from '../types.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startSlackEmulator({
    port: 0,
    seed: 's6',
    rateLimits: { postMessage: { perSecond: 400, burst: 2 } },
  });
});
afterAll(async () => {
  await emu?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MB = 1024 * 1024;

/** A port nothing listens on: every connection is refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const priorityOf = (i: number): Priority => (i % 10 === 0 ? 'high' : i % 10 <= 3 ? 'normal' : 'low');

function event(i: number): Notification {
  return {
    text: `order ${i} could not be synced to the warehouse (attempt ${i % 7})`,
    priority: priorityOf(i),
    fields: { host: `web-${i % 13}`, region: 'eu-west-1' },
  };
}

const outcomeOf = (r: NotifyReceipt) => (r as unknown as { outcome?: DeliveryOutcome }).outcome;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

it('scenario 6: outage + flood → bounded memory, exact overflow accounting, eviction by priority, notify() < 1 ms p99', async () => {
  const port = await closedPort();
  const MAX = 10_000;
  const RATE = 2_000;
  const SECONDS = 10;
  const notifier = createNotifier({
    token: 'xoxb-1111-2222-scenario6',
    channel: 's6-outage',
    slackApiUrl: `http://127.0.0.1:${port}/api/`,
    maxItems: MAX,
    timeoutMs: 1_000,
    healthCheckIntervalMs: 0,
    retry: { backoff: { baseMs: 100, maxMs: 2_000 } },
    logger: captureLogger(),
    digest: { afterMs: Number.POSITIVE_INFINITY },
  });
  // Warm the code paths up first (JIT code is not queue memory), on a throwaway notifier.
  const warm = createNotifier({
    token: 'xoxb-1111-2222-scenario6',
    channel: 's6-warm',
    slackApiUrl: `http://127.0.0.1:${port}/api/`,
    maxItems: 1_000,
    autoStart: false,
    healthCheckIntervalMs: 0,
    logger: captureLogger(),
  });
  for (let i = 0; i < 5_000; i++) warm.notify(event(i));
  await warm.close(10);
  await sleep(100);
  const kept: NotifyReceipt[] = [];
  const latencies = new Float64Array(RATE * SECONDS);
  const sizes: number[] = [];
  const rss: number[] = [];
  const baseline = process.memoryUsage().rss;
  const started = performance.now();
  let emitted = 0;
  while (emitted < RATE * SECONDS) {
    const due = Math.min(RATE * SECONDS, Math.ceil(((performance.now() - started) / 1000) * RATE));
    for (; emitted < due; emitted++) {
      const e = event(emitted);
      if (emitted % 50 === 0) sizes.push(Buffer.byteLength(JSON.stringify(e)));
      const t0 = performance.now();
      const r = notifier.notify(e);
      latencies[emitted] = performance.now() - t0;
      if (e.priority !== 'low') kept.push(r);
    }
    if (emitted % 1000 < 20) rss.push(process.memoryUsage().rss);
    await sleep(10);
  }
  const end = process.memoryUsage().rss;
  const s = notifier.stats();
  const sortedLat = Array.from(latencies).sort((a, b) => a - b);
  const p99Size = quantile(
    sizes.sort((a, b) => a - b),
    0.99,
  );
  const fullAt = rss[Math.floor(rss.length / 2)] ?? end;
  console.log(
    `scenario 6: ${emitted} events in ${((performance.now() - started) / 1000).toFixed(1)} s; notify p50 ${quantile(sortedLat, 0.5).toFixed(4)} ms, p99 ${quantile(sortedLat, 0.99).toFixed(4)} ms, max ${sortedLat.at(-1)?.toFixed(3)} ms; ` +
      `RSS +${((end - baseline) / MB).toFixed(1)} MB (bound ${((MAX * p99Size) / MB + 20).toFixed(1)} MB; +${((end - fullAt) / MB).toFixed(1)} MB after the queue filled); ` +
      `pending ${s.pending}, dropped ${JSON.stringify(s.droppedByReason)}`,
  );
  expect(s.accepted).toBe(RATE * SECONDS);
  expect(s.delivered).toBe(0);
  expect(s.pending).toBe(MAX);
  expect(s.droppedByReason.queue_overflow).toBe(emitted - s.pending);
  expect(s.dropped).toBe(s.droppedByReason.queue_overflow);
  // 2,000 high and 6,000 normal fit in 10,000: none of them was dropped while lows were kept.
  expect(kept.filter((r) => outcomeOf(r)?.status === 'dropped')).toHaveLength(0);
  expect(quantile(sortedLat, 0.99)).toBeLessThan(1);
  expect(end - baseline).toBeLessThanOrEqual(MAX * p99Size + 20 * MB);
  expect(end - fullAt).toBeLessThanOrEqual(20 * MB);
  const closing = notifier.close(100);
  expect(await closing).toBe(false);
  const after = notifier.stats();
  expect(after.accepted).toBe(
    after.delivered + after.pending + after.deadLettered + after.dropped + after.grouped,
  );
}, 60_000);

it('scenario 6: after Slack returns, the backlog drains at the allowed rate, high → normal → low, oldest first in each', async () => {
  const RATE = 100;
  const MAX = 500;
  const faultId = emu.control.addFault({ method: '*', action: { type: 'reset' } });
  const { notifier } = emulatorNotifier(emu, {
    channel: 's6-drain',
    maxItems: MAX,
    perChannelPerSecond: RATE,
    workspacePerMinute: 60 * 1_000,
    digest: { afterMs: Number.POSITIVE_INFINITY },
    retry: { backoff: { baseMs: 50, maxMs: 500 } },
  });
  await notifier.start().catch(() => undefined);
  for (let i = 0; i < 1_000; i++) notifier.notify({ text: `ev-${i}`, priority: priorityOf(i) });
  await sleep(500);
  expect(notifier.stats()).toMatchObject({ delivered: 0, pending: MAX });
  emu.control.removeFault(faultId);
  expect(await notifier.flush(30_000)).toBe(true);
  const channelId = emu.control.channel('s6-drain')?.id ?? '';
  const posts = requests(emu, 'chat.postMessage', channelId).filter((r) => r.outcome === 'ok');
  const order = posts.map((r) => Number(r.text?.match(/ev-(\d+)/)?.[1]));
  expect(order).toHaveLength(MAX);
  const rank = { high: 0, normal: 1, low: 2 };
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1] ?? 0;
    const b = order[i] ?? 0;
    const ra = rank[priorityOf(a)];
    const rb = rank[priorityOf(b)];
    expect(ra < rb || (ra === rb && a < b), `${a} before ${b}`).toBe(true);
  }
  // Kept: all 100 high and 300 normal, and the newest 100 of the 600 low.
  const lows = Array.from({ length: 1_000 }, (_, i) => i).filter((i) => priorityOf(i) === 'low');
  expect(order.filter((i) => priorityOf(i) === 'low')).toEqual(lows.slice(-100));
  const gaps = posts.slice(1).map((r, i) => r.at - (posts[i]?.at ?? 0));
  const elapsed = (posts.at(-1)?.at ?? 0) - (posts[0]?.at ?? 0);
  console.log(
    `scenario 6 drain: ${MAX} in ${elapsed} ms at ${RATE}/s (ideal ${((MAX - 1) * 1000) / RATE} ms), min gap ${Math.min(...gaps)} ms`,
  );
  expect(elapsed).toBeGreaterThanOrEqual((((MAX - 1) * 1000) / RATE) * 0.95);
  // The allowed rate, on the server's clock: no 1 s window holds more than RATE posts (+1 for the burst).
  // (Single gaps can look short on the server when one request left the client late and the next on time.)
  for (const p of posts) {
    expect(posts.filter((q) => q.at >= p.at && q.at < p.at + 1_000).length).toBeLessThanOrEqual(RATE + 1);
  }
  await notifier.close();
}, 60_000);

it('scenario 6: through a 30-minute outage the retry backoff stays capped (maxMs) and jittered (fake clock)', async () => {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  gw.script = () => ({ kind: 'transient', code: 'ECONNREFUSED' });
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 's6-backoff',
      clock,
      logger: captureLogger(),
      autoStart: false,
      healthCheckIntervalMs: 0,
      retry: { backoff: { baseMs: 1_000, maxMs: 60_000, jitter: 'full' } },
    },
    { gateway: gw },
  );
  notifier.notify('waiting out the outage');
  await notifier.start().catch(() => undefined);
  await clock.advance(30 * 60_000);
  const attempts = gw.calls.filter((c) => c.method === 'ensureChannel').map((c) => c.at);
  const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] ?? 0));
  expect(gaps.length).toBeGreaterThan(20);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
  // Jitter: the capped gaps are not all the same.
  expect(new Set(gaps.slice(-10)).size).toBeGreaterThan(5);
  expect(notifier.stats()).toMatchObject({ pending: 1, delivered: 0, dropped: 0 });
});
