/**
 * start()'s own bound on the fake clock (`startTimeoutMs`): it rejects by then with Slack not answering,
 * the run goes on in the background (one `auth.test`, however often start() is called), and once Slack
 * answers the queue moves. The wall-clock version, in a child process against the emulator, is
 * `lifecycle/start-timeout.emulator.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { NotifierError } from '../errors.js';
import type { SlackFailure } from '../slack/gateway-types.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { NotifierOptions } from '../types.js';
import { createNotifier, createNotifierWith } from './create-notifier.js';

/** `auth.test` waits until `answer()` (with a failure, or none for success). */
function setup(options: Partial<NotifierOptions> = {}) {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  const waiting: ((f: SlackFailure | undefined) => void)[] = [];
  gw.script = (call) =>
    call.method === 'auth.test' ? new Promise<SlackFailure | undefined>((r) => waiting.push(r)) : undefined;
  const logger = captureLogger();
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger,
      autoStart: false,
      healthCheckIntervalMs: 0,
      startTimeoutMs: 2000,
      ...options,
    },
    { gateway: gw, random: () => 0.5 },
  );
  const answer = (f?: SlackFailure) => {
    for (const r of waiting.splice(0)) r(f);
  };
  return { clock, gw, logger, notifier, answer };
}

/** The promise's state without waiting for it. */
async function state(p: Promise<unknown>): Promise<string> {
  return Promise.race([
    p.then(
      () => 'resolved',
      (e: unknown) => `rejected ${(e as NotifierError).code}`,
    ),
    new Promise<string>((resolve) => setImmediate(() => resolve('waiting'))),
  ]);
}

describe('start() is bounded by startTimeoutMs', () => {
  it('Slack silent: rejects at the bound with unreachable/start_timeout; the run goes on and delivers later', async () => {
    const { clock, gw, notifier, answer } = setup();
    const receipt = notifier.notify('queued before start');
    const started = notifier.start();
    started.catch(() => undefined);
    await clock.advance(1999);
    expect(await state(started)).toBe('waiting');
    await clock.advance(1);
    const error = await started.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifierError);
    expect(error).toMatchObject({
      code: 'unreachable',
      details: { reason: 'start_timeout', timeoutMs: 2000 },
    });
    // Asking again waits on the same run: no second auth.test.
    const again = notifier.start();
    again.catch(() => undefined);
    await clock.advance(2000);
    expect(await state(again)).toBe('rejected unreachable');
    expect(gw.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
    expect(gw.posts()).toHaveLength(0);
    // Slack answers: the run finishes (channel set up) and the queued message goes out.
    answer();
    await clock.advance(10);
    expect((await receipt.delivered).status).toBe('delivered');
    expect(await state(notifier.start())).toBe('resolved');
    await notifier.close(1000);
  });

  it('a start that finishes in time resolves as before and leaves the bound timer cleared', async () => {
    const { clock, notifier, answer } = setup({ startTimeoutMs: 60_000 });
    const started = notifier.start();
    await clock.advance(100);
    answer();
    await clock.advance(0);
    expect(await state(started)).toBe('resolved');
    const timers = clock.pendingTimers;
    await clock.advance(60_000);
    expect(clock.pendingTimers).toBeLessThanOrEqual(timers);
    await notifier.close(1000);
  });

  it('a failure after the bound is logged once (autoStart: false), with the code', async () => {
    const { clock, logger, notifier, answer } = setup();
    for (let i = 0; i < 2; i++) notifier.start().catch(() => undefined);
    await clock.advance(2000);
    answer({ kind: 'auth', code: 'invalid_auth' });
    await clock.advance(0);
    const failed = logger.lines.filter((l) => l.message.startsWith('notifier start failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.meta).toMatchObject({ code: 'auth_failed' });
    await notifier.close(1000);
  });

  it('autoStart: the constructor logs the run failing; start() timing out does not log it twice', async () => {
    const { clock, logger, notifier, answer } = setup({ autoStart: true });
    notifier.start().catch(() => undefined);
    await clock.advance(2000);
    answer({ kind: 'transient', code: 'internal_error' });
    await clock.advance(0);
    expect(logger.lines.filter((l) => l.message.startsWith('notifier start failed'))).toHaveLength(1);
    await notifier.close(1000);
  });

  it('close() cutting off a start that Slack never answered logs no start failure (only what close says)', async () => {
    const { clock, gw, logger, notifier, answer } = setup({ autoStart: true });
    // The real gateway's abort ends the calls in flight as ambiguous: so does this one.
    Object.assign(gw, { abort: async () => answer({ kind: 'ambiguous', code: 'timeout' }) });
    notifier.notify('queued');
    const closing = notifier.close(1000);
    await clock.advance(1000 + 250);
    expect(await closing).toBe(false);
    expect(logger.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'warn 1 message(s) not delivered before the notifier closed; dropped',
    ]);
  });

  it('startTimeoutMs: 0 has no bound of its own', async () => {
    const { clock, notifier, answer } = setup({ startTimeoutMs: 0 });
    const started = notifier.start();
    await clock.advance(600_000);
    expect(await state(started)).toBe('waiting');
    answer();
    await clock.advance(0);
    expect(await state(started)).toBe('resolved');
    await notifier.close(1000);
  });

  it('refuses a negative or non-numeric startTimeoutMs', () => {
    for (const startTimeoutMs of [-1, Number.NaN, '5000' as unknown as number]) {
      expect(() =>
        createNotifier({ token: 'xoxb-unit', channel: 'alerts', autoStart: false, startTimeoutMs }),
      ).toThrow(/startTimeoutMs/);
    }
  });
});
