/** The per-channel flood breaker and the feedback guard, on the fake clock. */
import { describe, expect, it } from 'vitest';
import { createNotifierWith } from '../notifier/create-notifier.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { Logger, Notifier } from '../types.js';
import { FloodBreaker } from './flood-breaker.js';

describe('FloodBreaker', () => {
  it('passes everything up to perMinute, then refuses low only; a new minute starts over', () => {
    const b = new FloodBreaker(3);
    const t = 1_000_000;
    expect(['low', 'low', 'low'].map((p) => b.admit('a', p, t))).toEqual(['pass', 'pass', 'pass']);
    expect(b.admit('a', 'low', t + 1)).toBe('trip');
    expect(b.admit('a', 'low', t + 2)).toBe('drop');
    expect(b.admit('a', 'normal', t + 3)).toBe('pass');
    expect(b.admit('a', 'high', t + 4)).toBe('pass');
    expect(b.admit('b', 'low', t + 5)).toBe('pass');
    expect(b.admit('a', 'low', t + 60_000)).toBe('pass');
    expect(new FloodBreaker(Number.POSITIVE_INFINITY).enabled).toBe(false);
  });
});

describe('flood breaker in the notifier (fake clock)', () => {
  it('drops low messages over the budget as flood, counts them, warns once, and says so in Slack', async () => {
    const clock = createFakeClock();
    const gw = new FakeGateway(clock);
    const logger = captureLogger();
    const notifier = createNotifierWith(
      {
        token: 'xoxb-unit',
        channel: 'alerts',
        clock,
        logger,
        autoStart: false,
        healthCheckIntervalMs: 0,
        perChannelPerSecond: 10,
        workspacePerMinute: 6000,
        flood: { perMinute: 10 },
      },
      { gateway: gw },
    );
    for (let i = 0; i < 30; i++) notifier.notify({ text: `low ${i}`, priority: 'low' });
    notifier.notify({ text: 'still here', priority: 'normal' });
    const s = notifier.stats();
    expect(s.droppedByReason.flood).toBe(20);
    expect(s.accepted).toBe(s.pending + s.dropped);
    expect(logger.lines.filter((e) => e.message.includes('flood breaker'))).toHaveLength(1);
    await notifier.start();
    await clock.advance(10_000);
    expect(gw.posts()).toHaveLength(11);
    expect(JSON.stringify(gw.posts()[0]?.message)).toContain(
      '20 earlier notifications were dropped (flood: 20)',
    );
  });
});

describe('feedback guard', () => {
  it("a logger wired back into the notifier cannot turn the notifier's own warnings into notifications", async () => {
    const clock = createFakeClock();
    const gw = new FakeGateway(clock);
    let notifier: Notifier | undefined;
    const echo: Logger = {
      debug() {},
      info() {},
      warn: (m) => notifier?.notify({ text: `warning: ${m}`, priority: 'low' }),
      error: (m) => notifier?.notify({ text: `error: ${m}`, priority: 'low' }),
    };
    notifier = createNotifierWith(
      {
        token: 'xoxb-unit',
        channel: 'alerts',
        clock,
        logger: echo,
        autoStart: false,
        healthCheckIntervalMs: 0,
        flood: { perMinute: 1 },
      },
      { gateway: gw },
    );
    notifier.notify({ text: 'a', priority: 'low' });
    notifier.notify({ text: 'b', priority: 'low' }); // trips the breaker: its warning goes to the echo logger
    const s = notifier.stats();
    expect(s.droppedByReason).toEqual({ flood: 1, feedback_loop: 1 });
    expect(s.pending).toBe(1);
  });
});
