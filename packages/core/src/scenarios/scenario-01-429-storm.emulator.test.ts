/**
 * Scenario 1: 429 storm with Retry-After. Rates are scaled ×20 (20 messages/s per channel instead of 1/s);
 * Retry-After is Slack's integer seconds, so it stays 1 s (20 send intervals), which keeps the ratio harsh.
 */
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emulatorNotifier, median, postedIds, requests } from '../test-support/emulator-notifier.js';

let emu: SlackEmulator;
const RATE = 20;
const RETRY_AFTER_S = 1;

beforeAll(async () => {
  // The emulator's own limit sits above ours, so every 429 in this test is a scripted one.
  emu = await startSlackEmulator({
    port: 0,
    seed: 's1',
    rateLimits: { postMessage: { perSecond: 2 * RATE, burst: 2 } },
  });
});
afterAll(async () => {
  await emu?.close();
});

it('scenario 1: a 429 storm on A pauses only A for Retry-After, loses nothing and uses no attempt', async () => {
  const { notifier } = emulatorNotifier(emu, {
    channel: 's1-a',
    routes: { b: 's1-b' },
    perChannelPerSecond: RATE,
    // A 429 that used an attempt would dead-letter the message at once.
    retry: { maxAttempts: 1 },
  });
  await notifier.start();
  const a = emu.control.channel('s1-a')?.id ?? '';
  const b = emu.control.channel('s1-b')?.id ?? '';
  emu.control.addFault({
    method: 'chat.postMessage',
    channel: a,
    times: 5,
    action: { type: 'ratelimit', retryAfter: RETRY_AFTER_S },
  });
  const receipts = Array.from({ length: 200 }, (_, i) =>
    notifier.notify(i % 2 ? { text: `a-${i}` } : { text: `b-${i}`, channel: 'b' }),
  );
  const outcomes = await Promise.all(receipts.map((r) => r.delivered));

  // Zero lost, zero duplicated: every id is in Slack exactly once.
  expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
  const posted = [...postedIds(emu, a), ...postedIds(emu, b)].sort();
  expect(posted).toEqual(receipts.map((r) => r.id).sort());

  // Zero requests to A before each Retry-After elapsed (server timestamps, +50/−0 ms).
  const toA = requests(emu, 'chat.postMessage', a);
  const limited = toA.filter((r) => r.outcome === 'ratelimited');
  expect(limited).toHaveLength(5);
  const lateness = limited.map((r) => {
    const next = toA.find((n) => n.seq > r.seq);
    expect(next).toBeDefined();
    return (next?.at ?? 0) - (r.doneAt + RETRY_AFTER_S * 1000);
  });
  // −0: never early, not by a millisecond. +50: the resume is prompt; judged on the median, because on a
  // loaded 2-core CI machine one event-loop stall can delay a single resume beyond 50 ms (never beyond 500).
  for (const late of lateness) expect(late).toBeGreaterThanOrEqual(0);
  expect(median(lateness)).toBeLessThanOrEqual(50);
  expect(Math.max(...lateness)).toBeLessThanOrEqual(500);

  // B is unaffected while A is blocked: its median gap stays under 1.2 / rate.
  const blockedFrom = limited[0]?.doneAt ?? 0;
  const blockedTo = (limited.at(-1)?.doneAt ?? 0) + RETRY_AFTER_S * 1000;
  const toB = requests(emu, 'chat.postMessage', b).filter((r) => r.at >= blockedFrom && r.at <= blockedTo);
  expect(toB.length).toBeGreaterThan(10);
  const gaps = toB.slice(1).map((r, i) => r.at - (toB[i]?.at ?? 0));
  expect(median(gaps)).toBeLessThan((1.2 * 1000) / RATE);

  // A 429 is not an attempt: nothing retried, nothing dead-lettered.
  const stats = notifier.stats();
  expect(stats).toMatchObject({
    accepted: 200,
    delivered: 200,
    pending: 0,
    deadLettered: 0,
    dropped: 0,
    retried: 0,
    rateLimited: 5,
  });
  expect(stats.accepted).toBe(stats.delivered + stats.pending + stats.deadLettered + stats.dropped);
  expect(await notifier.close(1000)).toBe(true);
}, 60_000);
