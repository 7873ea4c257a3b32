/**
 * close() on the fake clock: its deadline is its own whatever Slack does, and once it has resolved nothing is
 * logged, timed or sent. (The real sockets, the process exit and the wall-clock bound are scenario 13's.)
 */
import { describe, expect, it } from 'vitest';
import { createNotifierWith } from '../notifier/create-notifier.js';
import { createMemoryStore } from '../queue/memory-store.js';
import type { SlackFailure } from '../slack/gateway-types.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { NotifierOptions, OutboxStore } from '../types.js';
import { TEARDOWN_MS } from './shutdown.js';

/** A fake Slack whose posts hang until `abort()` (as the real gateway's abort ends a request in flight). */
function setup(options: Partial<NotifierOptions> = {}) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  const hanging: ((failure: SlackFailure) => void)[] = [];
  let hang = true;
  gw.script = (call) =>
    call.method === 'chat.postMessage' && hang
      ? new Promise<SlackFailure>((resolve) => hanging.push(resolve))
      : undefined;
  let aborted = false;
  Object.assign(gw, {
    abort: async () => {
      aborted = true;
      hang = false;
      for (const resolve of hanging.splice(0)) resolve({ kind: 'ambiguous', code: 'timeout' });
    },
  });
  const logger = captureLogger();
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger,
      autoStart: false,
      healthCheckIntervalMs: 60_000,
      perChannelPerSecond: 1,
      ...options,
    },
    { gateway: gw, random: () => 0.5 },
  );
  return { clock, gw, logger, notifier, aborted: () => aborted };
}

describe('close() with Slack hanging (fake clock)', () => {
  it('resolves at its deadline plus the teardown, counts what is left, then is silent and idle', async () => {
    const { clock, gw, logger, notifier, aborted } = setup();
    await notifier.start();
    logger.lines.length = 0; // the fake's auth.test has no scopes header: start warns, not our subject
    for (let i = 0; i < 5; i++) notifier.notify(`m${i}`);
    await clock.settle();
    const started = clock.now();
    let resolvedAt: number | undefined;
    const closing = notifier.close(2000).then((ok) => {
      resolvedAt = clock.now();
      return ok;
    });
    await clock.advance(2000 + TEARDOWN_MS);
    expect(await closing).toBe(false);
    expect(aborted()).toBe(true);
    expect((resolvedAt ?? 0) - started).toBeGreaterThanOrEqual(2000);
    expect((resolvedAt ?? 0) - started).toBeLessThanOrEqual(2000 + TEARDOWN_MS);
    expect(notifier.stats()).toMatchObject({
      accepted: 5,
      delivered: 0,
      pending: 0,
      dropped: 5,
      // The post in flight when Slack was cut off may have reached it: its outcome is unknown.
      droppedByReason: { closed: 4, aborted_in_flight: 1 },
    });
    expect(logger.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'warn 5 message(s) not delivered before the notifier closed; dropped; 1 of them was in flight (sent, ' +
        'no answer from Slack), its outcome unknown (Slack may have stored it)',
    ]);
    // Nothing timed, sent or logged afterwards: no timer left, and an hour later still no call.
    expect(clock.pendingTimers).toBe(0);
    const calls = gw.calls.length;
    const lines = logger.lines.length;
    notifier.notify('after close');
    await clock.advance(3_600_000);
    expect(gw.calls.length).toBe(calls);
    expect(logger.lines.length).toBe(lines);
    expect(notifier.stats().droppedByReason).toEqual({ closed: 5, aborted_in_flight: 1 });
  });

  it('a post that timed out before the deadline and is not confirmed counts as aborted_in_flight too', async () => {
    // Slack answers the first post with a timeout (it may have stored it), then nothing more goes out before
    // the deadline: the lane backs off for a minute, history recovery is off.
    const { clock, gw, logger, notifier } = setup({
      recoverAmbiguous: false,
      retry: { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 'none' } },
    });
    gw.script = (call) =>
      call.method === 'chat.postMessage' ? { kind: 'ambiguous', code: 'timeout' } : undefined;
    await notifier.start();
    logger.lines.length = 0;
    notifier.notify('sent, no answer');
    notifier.notify('never sent');
    await clock.advance(10);
    expect(gw.posts()).toHaveLength(1);
    const closing = notifier.close(2000);
    await clock.advance(2000 + TEARDOWN_MS);
    expect(await closing).toBe(false);
    expect(gw.posts()).toHaveLength(1);
    expect(notifier.stats().droppedByReason).toEqual({ aborted_in_flight: 1, closed: 1 });
    expect(logger.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'warn 2 message(s) not delivered before the notifier closed; dropped; 1 of them was in flight (sent, ' +
        'no answer from Slack), its outcome unknown (Slack may have stored it)',
    ]);
  });

  it('durable store: what it keeps is counted in the warning, the unconfirmed one named as in flight', async () => {
    const memory = createMemoryStore();
    const store: OutboxStore = {
      durable: true,
      add: (item) => memory.add(item),
      claim: (channel) => memory.claim(channel),
      ack: (id) => memory.ack(id),
      release: (item) => memory.release(item),
      deadLetter: (item, code) => memory.deadLetter(item, code),
      deadLetters: (limit) => memory.deadLetters(limit),
      channels: () => memory.channels(),
      depth: () => memory.depth(),
    };
    const { clock, gw, logger, notifier } = setup({
      store,
      recoverAmbiguous: false,
      retry: { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 'none' } },
    });
    gw.script = (call) =>
      call.method === 'chat.postMessage' ? { kind: 'ambiguous', code: 'timeout' } : undefined;
    await notifier.start();
    logger.lines.length = 0;
    for (let i = 0; i < 3; i++) notifier.notify(`m${i}`);
    await clock.advance(10);
    const closing = notifier.close(2000);
    await clock.advance(2000 + TEARDOWN_MS);
    expect(await closing).toBe(false);
    expect(notifier.stats()).toMatchObject({ accepted: 3, pending: 3, dropped: 0 });
    expect(logger.lines.map((l) => [l.message, l.meta?.['abortedInFlight']])).toEqual([
      [
        '3 message(s) not delivered yet; kept in the store for the next start; 1 of them was in flight (sent, ' +
          'no answer from Slack), its outcome unknown (the next start looks it up in the channel history before ' +
          'posting it again)',
        1,
      ],
    ]);
  });

  it('Slack healthy: close() delivers everything and resolves as soon as it is done', async () => {
    const { clock, gw, notifier } = setup();
    gw.script = () => undefined;
    await notifier.start();
    for (let i = 0; i < 3; i++) notifier.notify(`m${i}`);
    let done = false;
    const closing = notifier.close(10_000).then((ok) => {
      done = true;
      return ok;
    });
    await clock.advance(2500);
    expect(done).toBe(true);
    expect(await closing).toBe(true);
    expect(gw.posts()).toHaveLength(3);
    expect(notifier.stats()).toMatchObject({ accepted: 3, delivered: 3, pending: 0, dropped: 0 });
    expect(clock.pendingTimers).toBe(0);
  });
});
