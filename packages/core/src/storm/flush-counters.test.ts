/**
 * `flush()` and the storm counters on the fake clock: a counter that is due goes out while a flush waits
 * (not `intervalMs` later), the flush resolves once it is sent, a storm still going during a flush costs at
 * most one `chat.update` per group per `HURRY_GAP_MS`, and a refused update is not waited for. The Slack side
 * (emulator, child process, `process.exit()` right after) is `flush-counters.emulator.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { createNotifierWith } from '../notifier/create-notifier.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { Notifier } from '../types.js';
import { HURRY_GAP_MS } from './group-updater.js';

function setup() {
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
      workspacePerMinute: 60_000,
      perChannelPerSecond: 10,
      grouping: { intervalMs: 30_000 },
    },
    { gateway: gw, random: () => 0.5 },
  );
  return { clock, gw, logger, notifier };
}

const boom = () => ({ error: new TypeError('disk full on /var/data') });

function expectBalanced(notifier: Notifier): void {
  const s = notifier.stats();
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
}

/** Resolves the flush promise's state without waiting for it. */
async function state(p: Promise<boolean>): Promise<boolean | 'waiting'> {
  return Promise.race([p, new Promise<'waiting'>((resolve) => setImmediate(() => resolve('waiting')))]);
}

describe('flush() sends the storm counters that are due', () => {
  it('a counter due in 30 s goes at once; flush resolves true after it, accounting balanced', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    expect((await notifier.notify(boom()).delivered).status).toBe('delivered');
    await clock.advance(1500);
    for (let i = 0; i < 4; i++) notifier.notify(boom());
    expect(notifier.stats()).toMatchObject({ accepted: 5, delivered: 1, pending: 0, grouped: 4 });
    const at = clock.now();
    const flushed = notifier.flush(10_000);
    // The update is sent on the next turn of the clock, not when its interval is over.
    await clock.advance(0);
    expect(await state(flushed)).toBe(true);
    expect(gw.updates().map((c) => [c.at - at, c.message?.text.match(/×\d+/)?.[0]])).toEqual([[0, '×5']]);
    expectBalanced(notifier);
    // Nothing more is due: the group's timer is not re-armed for the same count.
    await clock.advance(60_000);
    expect(gw.updates()).toHaveLength(1);
    await notifier.close(1000);
  });

  it('before this change flush() resolved with the counter still due (the bug): it does not any more', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    await notifier.notify(boom()).delivered;
    await clock.advance(1500);
    notifier.notify(boom());
    const flushed = notifier.flush(10_000);
    // Not resolved before the update was sent.
    expect(await state(flushed)).toBe('waiting');
    expect(gw.updates()).toHaveLength(0);
    await clock.advance(0);
    expect(await state(flushed)).toBe(true);
    expect(gw.updates()).toHaveLength(1);
    await notifier.close(1000);
  });

  it('a storm still going during a flush: one chat.update per group per HURRY_GAP_MS at most, then done', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    await notifier.notify(boom()).delivered;
    await clock.advance(5000);
    // Each Slack call takes 300 ms: repeats keep coming while an update is in flight.
    gw.latencyMs = 300;
    const t0 = clock.now();
    notifier.notify(boom());
    let resolvedAt: number | undefined;
    void notifier.flush(20_000).then((ok) => {
      expect(ok).toBe(true);
      resolvedAt = clock.now();
    });
    // 5 s of repeats, one every 100 ms, while the flush waits.
    for (let i = 0; i < 50; i++) {
      await clock.advance(100);
      notifier.notify(boom());
    }
    await clock.advance(2000);
    const at = gw.updates().map((c) => c.at - t0);
    // At once (the last update was 5 s ago); then each one gap after the last one ended, with what came
    // meanwhile; the one after the storm shows all 52 and the flush is done.
    const step = 300 + HURRY_GAP_MS;
    expect(at).toEqual([0, step, 2 * step, 3 * step, 4 * step]);
    expect(resolvedAt).toBe(t0 + 4 * step + 300);
    expect(gw.updates().at(-1)?.message?.text).toContain('×52');
    expectBalanced(notifier);
    await notifier.close(1000);
  });

  it('an update Slack refuses is logged and not waited for: flush resolves at once, not at its deadline', async () => {
    const { clock, gw, logger, notifier } = setup();
    await notifier.start();
    await notifier.notify(boom()).delivered;
    await clock.advance(1500);
    gw.script = (call) =>
      call.method === 'chat.update' ? { kind: 'permanent', code: 'cant_update_message' } : undefined;
    notifier.notify(boom());
    const flushed = notifier.flush(10_000);
    await clock.advance(0);
    expect(await state(flushed)).toBe(true);
    expect(gw.updates()).toHaveLength(1);
    expect(
      logger.lines.filter((l) => l.message.includes('could not update a storm group counter')),
    ).toHaveLength(1);
    await notifier.close(1000);
  });

  it('repeats that joined while the first post was in flight: their counter follows the post, flush waits for it', async () => {
    const { clock, gw, notifier } = setup();
    await notifier.start();
    gw.latencyMs = 500;
    const first = notifier.notify(boom());
    await clock.advance(0);
    expect(gw.posts()).toHaveLength(1);
    notifier.notify(boom());
    notifier.notify(boom());
    const t0 = clock.now();
    const flushed = notifier.flush(10_000);
    await clock.advance(500);
    expect((await first.delivered).status).toBe('delivered');
    // Posted with ×1 (rendered before the repeats came): the ×3 update follows one gap after the post.
    expect(await state(flushed)).toBe('waiting');
    await clock.advance(HURRY_GAP_MS + 500);
    expect(await state(flushed)).toBe(true);
    expect(gw.updates().map((c) => [c.at - t0, c.message?.text.match(/×\d+/)?.[0]])).toEqual([
      [500 + HURRY_GAP_MS, '×3'],
    ]);
    expectBalanced(notifier);
    await notifier.close(1000);
  });
});
