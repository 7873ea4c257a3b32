import type { NotifierStats } from '../types.js';

// The few shapes of `@opentelemetry/api` used here, declared locally so that the published types of core do
// not depend on an optional peer.
interface Observable {
  readonly _brand?: never;
}
interface BatchResult {
  observe(observable: Observable, value: number, attributes?: Record<string, string>): void;
}
interface MeterLike {
  createObservableCounter(name: string, options?: { description?: string; unit?: string }): Observable;
  createObservableGauge(name: string, options?: { description?: string; unit?: string }): Observable;
  addBatchObservableCallback(callback: (result: BatchResult) => void, observables: Observable[]): void;
  removeBatchObservableCallback(callback: (result: BatchResult) => void, observables: Observable[]): void;
}
interface MetricsApi {
  metrics: { getMeter(name: string, version?: string): MeterLike };
}

/** Unregisters the metrics callback. */
export type UnregisterMetrics = () => void;

/**
 * Publishes the `stats()` counters as OpenTelemetry metrics when `@opentelemetry/api` can be imported (an
 * optional peer: absent, this does nothing). Observable instruments read the counters at collection time,
 * so `notify()` pays nothing for metrics.
 */
export async function registerMetrics(
  read: () => NotifierStats,
  load: () => Promise<unknown> = () => import('@opentelemetry/api'),
): Promise<UnregisterMetrics | undefined> {
  let api: MetricsApi;
  try {
    api = (await load()) as MetricsApi;
  } catch {
    return undefined;
  }
  const meter = api.metrics.getMeter('@backend-notifier/core');
  const counter = (name: string, description: string) =>
    meter.createObservableCounter(`backend_notifier.${name}`, { description, unit: '{message}' });
  const accepted = counter('accepted', 'Notifications accepted by notify()');
  const delivered = counter('delivered', 'Notifications delivered to Slack');
  const deadLettered = counter('dead_lettered', 'Notifications Slack refused for good');
  const grouped = counter('grouped', "Repeats counted into a storm group's message instead of being posted");
  const dropped = counter('dropped', 'Notifications dropped, by reason');
  const retried = counter('retried', 'Retries of failed Slack calls');
  const rateLimited = counter('rate_limited', 'HTTP 429 answers from Slack');
  const pending = meter.createObservableGauge('backend_notifier.pending', {
    description: 'Notifications waiting or in flight',
    unit: '{message}',
  });
  const latency = meter.createObservableGauge('backend_notifier.delivery_latency', {
    description: 'Delivery latency from accept to Slack answer',
    unit: 'ms',
  });
  const observables = [
    accepted,
    delivered,
    deadLettered,
    grouped,
    dropped,
    retried,
    rateLimited,
    pending,
    latency,
  ];
  const callback = (result: BatchResult): void => {
    const s = read();
    result.observe(accepted, s.accepted);
    result.observe(delivered, s.delivered);
    result.observe(deadLettered, s.deadLettered);
    result.observe(grouped, s.grouped);
    for (const [reason, count] of Object.entries(s.droppedByReason))
      result.observe(dropped, count, { reason });
    result.observe(retried, s.retried);
    result.observe(rateLimited, s.rateLimited);
    result.observe(pending, s.pending);
    result.observe(latency, s.latencyMs.p50, { quantile: '0.5' });
    result.observe(latency, s.latencyMs.p99, { quantile: '0.99' });
  };
  meter.addBatchObservableCallback(callback, observables);
  return () => meter.removeBatchObservableCallback(callback, observables);
}
