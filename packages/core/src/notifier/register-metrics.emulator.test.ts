import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { emulatorNotifier } from '../test-support/emulator-notifier.js';
import { registerMetrics } from './register-metrics.js';

type Callback = (result: {
  observe(o: { name: string }, v: number, attrs?: Record<string, string>): void;
}) => void;
const callbacks = new Set<Callback>();

/** A minimal MeterProvider: collects by running the batch callbacks, as an SDK's reader would. */
const provider: MeterProvider = {
  getMeter: () =>
    ({
      createObservableCounter: (name: string) => ({ name }),
      createObservableGauge: (name: string) => ({ name }),
      addBatchObservableCallback: (cb: Callback) => callbacks.add(cb),
      removeBatchObservableCallback: (cb: Callback) => callbacks.delete(cb),
    }) as unknown as Meter,
};

function collect(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cb of callbacks) {
    cb({
      observe(o, v, attrs) {
        const suffix = attrs
          ? `{${Object.entries(attrs)
              .map(([k, val]) => `${k}=${val}`)
              .join(',')}}`
          : '';
        out[`${o.name}${suffix}`] = v;
      },
    });
  }
  return out;
}

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'metrics', rateLimits: { enabled: false } });
  expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
});
afterAll(async () => {
  metrics.disable();
  await emu?.close();
});

it('publishes the stats() counters as OpenTelemetry metrics while open, and stops at close', async () => {
  const { notifier } = emulatorNotifier(emu, { channel: 'metrics' });
  await notifier.start();
  await Promise.all([
    notifier.notify('a').delivered,
    notifier.notify('b').delivered,
    notifier.notify({ priority: 'low' }).delivered,
  ]);
  await vi.waitFor(() => expect(callbacks.size).toBe(1));
  const m = collect();
  const s = notifier.stats();
  expect(m).toMatchObject({
    'backend_notifier.accepted': s.accepted,
    'backend_notifier.delivered': 2,
    'backend_notifier.dropped{reason=invalid}': 1,
    'backend_notifier.dead_lettered': 0,
    'backend_notifier.pending': 0,
  });
  expect(m['backend_notifier.delivery_latency{quantile=0.99}']).toBeGreaterThan(0);
  await notifier.close(1000);
  expect(callbacks.size).toBe(0);
});

it('does nothing when @opentelemetry/api cannot be loaded (optional peer)', async () => {
  const unregister = await registerMetrics(
    () => {
      throw new Error('must not be read');
    },
    () => Promise.reject(new Error("Cannot find module '@opentelemetry/api'")),
  );
  expect(unregister).toBeUndefined();
});
