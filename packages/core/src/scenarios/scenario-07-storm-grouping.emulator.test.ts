/**
 * Scenario 7 against the emulator with the real WebClient, time scaled ÷6 (60 s → 10 s, group_wait 5 s →
 * 833 ms, group_interval 30 s → 5 s; the ratios are kept). The full-scale run on the fake clock is in
 * storm/grouping.test.ts. Also: digest payloads are accepted by Slack's validation.
 */
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emulatorNotifier, requests } from '../test-support/emulator-notifier.js';

let emu: SlackEmulator;
const SCALE = 6;
const STORM_MS = 60_000 / SCALE;
const INTERVAL_MS = 30_000 / SCALE;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 's7', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stormError(i: number): Error {
  const e = new Error(
    `payment ${10_000 + i} declined for user ${i * 7} (request ${crypto.randomUUID()}) at ${new Date().toISOString()}`,
  );
  e.name = 'PaymentDeclinedError';
  return e;
}

it('scenario 7: 10,000 occurrences → 1 post + ≤ 2 chat.update, final count 10,000 in Slack; 100 other groups', async () => {
  const { notifier } = emulatorNotifier(emu, {
    channel: 's7-storm',
    perChannelPerSecond: 50,
    grouping: { waitMs: 5_000 / SCALE, intervalMs: INTERVAL_MS },
  });
  await notifier.start();
  const started = Date.now();
  let emitted = 0;
  let distinct = 0;
  // Keep to the arrival rate: the storm is spread evenly; the 100 distinct errors come in the first sixth.
  while (emitted < 10_000) {
    const due = Math.min(10_000, Math.ceil(((Date.now() - started) / STORM_MS) * 10_000) + 50);
    for (; emitted < due; emitted++) notifier.notify({ error: stormError(emitted) });
    for (; distinct < Math.min(100, emitted / 16); distinct++) {
      const e = new Error(`lookup failed for key ${distinct * 13}`);
      e.name = `Kind${String.fromCharCode(65 + (distinct % 26))}${Math.floor(distinct / 26)}Error`;
      notifier.notify({ error: e });
    }
    await sleep(20);
  }
  const fedMs = Date.now() - started;
  const channelId = emu.control.channel('s7-storm')?.id ?? '';
  const stormMessage = () =>
    emu.control.messages('s7-storm').find((m) => m.text.includes('PaymentDeclinedError'));
  // The last update is due at most one interval after the last occurrence.
  const deadline = Date.now() + 2 * INTERVAL_MS + 5_000;
  while (!stormMessage()?.text.includes('(×10,000)') && Date.now() < deadline) await sleep(100);
  const posts = requests(emu, 'chat.postMessage', channelId);
  const stormPosts = posts.filter((r) => r.text?.includes('PaymentDeclinedError'));
  const updates = requests(emu, 'chat.update', channelId).filter((r) => r.ts === stormMessage()?.ts);
  console.log(
    `scenario 7 (÷${SCALE}): fed 10,000 in ${fedMs} ms; ${stormPosts.length} post, ${updates.length} updates at +${updates.map((u) => u.at - started).join(', +')} ms; final "${stormMessage()?.text}"`,
  );
  expect(fedMs).toBeLessThan(STORM_MS + 500);
  expect(stormPosts).toHaveLength(1);
  expect(updates.length).toBeGreaterThanOrEqual(1);
  expect(updates.length).toBeLessThanOrEqual(Math.ceil(60 / 30));
  expect(stormMessage()?.text).toContain('(×10,000)');
  const others = emu.control.messages('s7-storm').filter((m) => !m.text.includes('PaymentDeclinedError'));
  expect(others).toHaveLength(100);
  expect(new Set(others.map((m) => m.text.match(/Kind\w+Error/)?.[0])).size).toBe(100);
  expect(others.every((m) => !m.text.includes('×'))).toBe(true);
  const s = notifier.stats();
  expect(s).toMatchObject({ accepted: 10_100, delivered: 101, grouped: 9_999, pending: 0, dropped: 0 });
  await notifier.close();
  // close() had nothing left to tell: still 1 post and the same updates.
  expect(requests(emu, 'chat.update', channelId).filter((r) => r.ts === stormMessage()?.ts)).toHaveLength(
    updates.length,
  );
}, 40_000);

it('digests under backlog are accepted by Slack (blocks validated) and deliver every message once', async () => {
  const { notifier } = emulatorNotifier(emu, {
    channel: 's7-digest',
    perChannelPerSecond: 10,
    digest: { afterMs: 500, maxItems: 20 },
  });
  for (let i = 0; i < 60; i++)
    notifier.notify({ text: `job ${i} finished <!channel>`, priority: i % 3 ? 'low' : 'normal' });
  notifier.notify({ text: 'urgent', priority: 'high' });
  await notifier.start();
  expect(await notifier.flush(10_000)).toBe(true);
  const messages = emu.control.messages('s7-digest');
  const digests = messages.filter((m) => m.text.startsWith('🟢 Digest:'));
  expect(messages[0]?.text).toBe('🔴 urgent');
  expect(digests.length).toBeGreaterThanOrEqual(2);
  const jobs = digests.flatMap((m) => JSON.stringify(m.blocks).match(/job \d+ /g) ?? []);
  expect(new Set(jobs).size).toBe(jobs.length);
  const alone = messages.filter((m) => /^. job \d+/.test(m.text)).length;
  expect(jobs.length + alone).toBe(60);
  expect(JSON.stringify(messages)).not.toContain('<!channel>');
  expect(notifier.stats()).toMatchObject({ delivered: 61, digested: jobs.length, pending: 0 });
  await notifier.close();
}, 30_000);
