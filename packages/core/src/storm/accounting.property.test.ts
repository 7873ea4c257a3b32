/**
 * The accounting invariant under storms, as a property: whatever mix of grouped errors, plain messages,
 * priorities, a small outbox, Slack failures and time steps, at every step
 * `accepted = delivered + pending + deadLettered + dropped + grouped`, and once drained nothing is pending.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createNotifierWith } from '../notifier/create-notifier.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { Priority } from '../types.js';

type Step =
  | { kind: 'error'; fp: number; priority: Priority }
  | { kind: 'text'; priority: Priority }
  | { kind: 'advance'; ms: number };

const priority = fc.constantFrom<Priority>('high', 'normal', 'low');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('error' as const), fp: fc.integer({ min: 0, max: 4 }), priority }),
  fc.record({ kind: fc.constant('text' as const), priority }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
);

it('accepted = delivered + pending + deadLettered + dropped + grouped at every step (fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(step, { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom(0, 500),
      async (steps, maxItems, failEvery, waitMs) => {
        const clock = createFakeClock();
        const gw = new FakeGateway(clock);
        let calls = 0;
        gw.script = (call) =>
          call.method === 'chat.postMessage' && failEvery > 0 && ++calls % (failEvery + 1) === 0
            ? { kind: 'transient', code: 'internal_error' }
            : undefined;
        const notifier = createNotifierWith(
          {
            token: 'xoxb-unit',
            channel: 'alerts',
            clock,
            logger: captureLogger(),
            autoStart: false,
            healthCheckIntervalMs: 0,
            perChannelPerSecond: 5,
            workspacePerMinute: 6000,
            maxItems,
            retry: { maxAttempts: 3, backoff: { baseMs: 100, maxMs: 500 } },
            grouping: { waitMs, intervalMs: 1_000, repeatAfterMs: 2_000, windowMs: 5_000 },
            digest: { afterMs: 400, maxItems: 3 },
          },
          { gateway: gw },
        );
        const balanced = () => {
          const s = notifier.stats();
          return s.accepted === s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped;
        };
        await notifier.start();
        for (const [i, st] of steps.entries()) {
          if (st.kind === 'advance') await clock.advance(st.ms);
          else if (st.kind === 'error')
            notifier.notify({
              error: new Error(`failure ${i} of kind ${st.fp}`),
              fingerprint: `fp${st.fp}`,
              priority: st.priority,
            });
          else notifier.notify({ text: `message ${i}`, priority: st.priority });
          expect(balanced()).toBe(true);
        }
        await clock.advance(120_000);
        expect(balanced()).toBe(true);
        expect(notifier.stats().pending).toBe(0);
      },
    ),
    { numRuns: 150 },
  );
}, 60_000);
