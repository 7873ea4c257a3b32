import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../test-support/capture-logger.js';
import type { DeliveryOutcome } from '../types.js';
import { createNotifier } from './create-notifier.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'create-notifier', rateLimits: { scale: 20 } });
});
afterAll(async () => {
  await emu?.close();
});

describe('createNotifier against the emulator', () => {
  it('creates the channel, delivers in priority order with ts and permalink, and accounts for everything', async () => {
    const logger = captureLogger();
    const notifier = createNotifier({
      token: emu.botToken,
      channel: 'smoke-alerts',
      slackApiUrl: emu.apiUrl,
      perChannelPerSecond: 20,
      timeoutMs: 2000,
      logger,
      autoStart: false,
    });
    const low = notifier.notify({ text: 'low one', priority: 'low' });
    const normal = notifier.notify('plain text one');
    const high = notifier.notify({ title: 'High', text: 'high one <!channel>', priority: 'high' });
    await notifier.start();
    const outcomes = await Promise.all([low.delivered, normal.delivered, high.delivered]);
    for (const o of outcomes) expect(o.status).toBe('delivered');
    const h = outcomes[2] as Extract<DeliveryOutcome, { status: 'delivered' }>;
    expect(h.permalink).toMatch(/^https:\/\/.+\/archives\/C[A-Z0-9]+\/p\d+/);
    const channel = emu.control.channel('smoke-alerts');
    expect(channel).toBeDefined();
    const texts = emu.control.messages('smoke-alerts').map((m) => m.text);
    expect(texts[0]).toContain('high one &lt;!channel&gt;');
    expect(texts[1]).toContain('plain text one');
    expect(texts[2]).toContain('low one');
    const s = notifier.stats();
    expect(s).toMatchObject({ accepted: 3, delivered: 3, pending: 0, deadLettered: 0, dropped: 0 });
    expect(await notifier.close(1000)).toBe(true);
    const after = notifier.notify('too late');
    expect(await after.delivered).toMatchObject({ status: 'dropped', reason: 'closed' });
    expect(notifier.stats()).toMatchObject({ accepted: 4, dropped: 1, droppedByReason: { closed: 1 } });
    for (const line of logger.lines) expect(line.meta?.source).toBe('backend-notifier');
  });

  it('a full outbox evicts the lowest priority, oldest first, and the next message that gets through says so', async () => {
    const notifier = createNotifier({
      token: emu.botToken,
      channel: 'smoke-overflow',
      slackApiUrl: emu.apiUrl,
      perChannelPerSecond: 20,
      maxItems: 3,
      logger: captureLogger(),
      autoStart: false,
    });
    const receipts = (['low', 'normal', 'low', 'high', 'normal', 'high'] as const).map((priority, i) =>
      notifier.notify({ text: `m${i}`, priority }),
    );
    await notifier.start();
    const outcomes = await Promise.all(receipts.map((r) => r.delivered));
    expect(outcomes.map((o) => (o.status === 'dropped' ? o.reason : o.status))).toEqual([
      'queue_overflow',
      'queue_overflow',
      'queue_overflow',
      'delivered',
      'delivered',
      'delivered',
    ]);
    const messages = emu.control.messages('smoke-overflow');
    expect(messages.map((m) => m.text.match(/m\d/)?.[0])).toEqual(['m3', 'm5', 'm4']);
    expect(JSON.stringify(messages[0])).toContain('3 earlier notifications were dropped (queue_overflow: 3)');
    expect(JSON.stringify(messages[1])).not.toContain('dropped');
    const s = notifier.stats();
    expect(s).toMatchObject({ accepted: 6, delivered: 3, dropped: 3, pending: 0 });
    expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped);
    await notifier.close(1000);
  });
});
