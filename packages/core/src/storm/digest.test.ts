/** Digests under backlog, on the fake clock (the emulator test checks Slack accepts the payload). */
import { describe, expect, it } from 'vitest';
import { validateMessage } from '../format/validate-message.js';
import { createNotifierWith } from '../notifier/create-notifier.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { NotifierOptions } from '../types.js';

function setup(options: Partial<NotifierOptions> = {}) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger: captureLogger(),
      autoStart: false,
      healthCheckIntervalMs: 0,
      workspacePerMinute: 6000,
      perChannelPerSecond: 1,
      digest: { afterMs: 5_000, maxItems: 10 },
      ...options,
    },
    { gateway: gw, random: () => 0.5 },
  );
  return { clock, gw, notifier };
}

describe('digests (fake clock)', () => {
  it('folds normal and low into digests when the backlog exceeds afterMs of sending; high goes alone', async () => {
    const { clock, gw, notifier } = setup();
    for (let i = 0; i < 40; i++)
      notifier.notify({ text: `m${i} <@U123> & more`, priority: i % 2 ? 'low' : 'normal' });
    for (let i = 0; i < 3; i++) notifier.notify({ text: `urgent ${i}`, priority: 'high' });
    await notifier.start();
    await clock.advance(60_000);
    const texts = gw.posts().map((c) => c.message?.text ?? '');
    expect(texts.slice(0, 3)).toEqual(['🔴 urgent 0', '🔴 urgent 1', '🔴 urgent 2']);
    expect(texts).toHaveLength(3 + 4);
    for (const c of gw.posts().slice(3)) {
      expect(c.message?.text).toContain('Digest: 10 messages');
      expect(() => validateMessage(c.message as never)).not.toThrow();
      // Data is escaped: a folded message cannot ping.
      expect(JSON.stringify(c.message)).not.toContain('<@U123>');
    }
    // Normal before low (the store's order), oldest first within each.
    const lines = gw
      .posts()
      .slice(3)
      .flatMap((c) => JSON.stringify(c.message?.blocks).match(/m\d+ /g) ?? [])
      .map((m) => Number(m.slice(1)));
    const evens = lines.filter((n) => n % 2 === 0);
    expect(lines).toEqual([...evens, ...lines.filter((n) => n % 2 === 1)]);
    expect(evens).toEqual([...evens].sort((a, b) => a - b));
    expect(notifier.stats()).toMatchObject({ delivered: 43, digested: 40, pending: 0 });
  });

  it('sends one by one while the backlog is within afterMs of sending', async () => {
    const { clock, gw, notifier } = setup();
    for (let i = 0; i < 5; i++) notifier.notify({ text: `m${i}` });
    await notifier.start();
    await clock.advance(10_000);
    expect(gw.posts()).toHaveLength(5);
    expect(notifier.stats().digested).toBe(0);
  });

  it('a failed digest puts its messages back: retried, none lost, none duplicated', async () => {
    const { clock, gw, notifier } = setup({ retry: { backoff: { baseMs: 100, maxMs: 1000 } } });
    let failures = 2;
    gw.script = (call) =>
      call.method === 'chat.postMessage' && failures-- > 0
        ? { kind: 'transient', code: 'internal_error' }
        : undefined;
    for (let i = 0; i < 20; i++) notifier.notify({ text: `m${i} x` });
    await notifier.start();
    await clock.advance(60_000);
    const delivered = gw
      .posts()
      .slice(2)
      .flatMap((c) => JSON.stringify(c.message?.blocks).match(/m\d+ /g) ?? []);
    expect(new Set(delivered).size).toBe(20);
    expect(delivered).toHaveLength(20);
    const s = notifier.stats();
    expect(s).toMatchObject({ delivered: 20, pending: 0, dropped: 0 });
    expect(s.retried).toBeGreaterThanOrEqual(2);
  });
});
