/** Looking up a timed-out post: the thread is searched for replies, and a failed look-up never opens the circuit. */
import { expect, it } from 'vitest';
import { captureLogger } from '../test-support/capture-logger.js';
import { FakeGateway } from '../test-support/fake-gateway.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { createNotifierWith } from './create-notifier.js';

it('a timed-out thread reply is looked up in its thread; missing_scope on the look-up posts again with the circuit closed', async () => {
  const clock = createFakeClock();
  const gw = new FakeGateway(clock);
  let posts = 0;
  gw.script = (call) => {
    if (call.method === 'chat.postMessage' && posts++ === 0) return { kind: 'ambiguous', code: 'timeout' };
    if (call.method === 'findPosted') return { kind: 'permanent', code: 'missing_scope' };
    return undefined;
  };
  const notifier = createNotifierWith(
    {
      token: 'xoxb-unit',
      channel: 'alerts',
      clock,
      logger: captureLogger(),
      autoStart: false,
      healthCheckIntervalMs: 0,
      retry: { backoff: { baseMs: 100, maxMs: 1000 } },
      circuit: { failureThreshold: 1 },
    },
    { gateway: gw },
  );
  await notifier.start();
  const r = notifier.notify({ text: 'reply', threadTs: '1700000000.000100' });
  await clock.advance(5_000);
  const lookups = gw.calls.filter((c) => c.method === 'findPosted');
  expect(lookups).toHaveLength(1);
  expect(lookups[0]?.ts).toBe('1700000000.000100');
  expect((await r.delivered).status).toBe('delivered');
  expect(gw.posts()).toHaveLength(2);
  const health = await notifier.health();
  expect(health.checks.find((c) => c.name === 'circuit')?.status).toBe('ok');
  expect(gw.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
});
