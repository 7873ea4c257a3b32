import { NotifierError } from '../errors.js';
import { MAX_BACKOFF_MS } from '../retry/backoff-delay.js';
import { validateChannelName } from '../slack/channel-name.js';
import type { BackoffOptions, NotifierOptions } from '../types.js';

/** Options with every default filled in (the token stays where it is: in `options.token` only). */
export interface ResolvedOptions {
  channel: string;
  routes: Map<string, string>;
  maxItems: number;
  perChannelPerSecond: number;
  burst: number;
  workspacePerMinute: number;
  maxAttempts: number;
  backoff: Required<BackoffOptions>;
  timeoutMs: number;
  healthCheckIntervalMs: number;
  failureThreshold: number;
  cooldownMs: number;
  recoverAmbiguous: boolean;
  autoStart: boolean;
  startTimeoutMs: number;
  exitTimeoutMs: number;
  receiptKeepAliveMs: number;
  healthTimeoutMs: number;
}

function invalid(message: string): never {
  throw new NotifierError('invalid_options', message);
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
    invalid(`${name} must be 0 (off) or a positive number of ms`);
  return v;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !(v > 0)) invalid(`${name} must be a positive number`);
  return v;
}

/**
 * Checks the options and fills in the defaults. Throws `NotifierError('invalid_options')` naming the option;
 * the messages never include the token.
 */
export function resolveOptions(options: NotifierOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) invalid('createNotifier needs an options object');
  const { token } = options;
  if (typeof token !== 'string' && typeof token !== 'function') {
    invalid('token must be a bot token string (xoxb-…) or a function returning one');
  }
  // Slack's naming rules, checked before any call: a bad name is a configuration error, not a delivery one.
  const channel = validateChannelName(options.channel);
  const routes = new Map<string, string>();
  for (const [route, name] of Object.entries(options.routes ?? {}))
    routes.set(route, validateChannelName(name));
  const backoff = options.retry?.backoff ?? {};
  const maxMs = positive('retry.backoff.maxMs', backoff.maxMs, MAX_BACKOFF_MS);
  if (maxMs > MAX_BACKOFF_MS) invalid(`retry.backoff.maxMs must be at most ${MAX_BACKOFF_MS}`);
  const jitter = backoff.jitter ?? 'full';
  if (!['full', 'equal', 'none'].includes(jitter))
    invalid("retry.backoff.jitter must be 'full', 'equal' or 'none'");
  const failureThreshold = options.circuit?.failureThreshold ?? 2;
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1 || failureThreshold > 3) {
    invalid('circuit.failureThreshold must be 1, 2 or 3');
  }
  const healthCheckIntervalMs = options.healthCheckIntervalMs ?? 60_000;
  if (!(healthCheckIntervalMs >= 0)) invalid('healthCheckIntervalMs must be 0 (off) or positive');
  return {
    channel,
    routes,
    maxItems: positive('maxItems', options.maxItems, 10_000),
    perChannelPerSecond: positive('perChannelPerSecond', options.perChannelPerSecond, 1),
    burst: positive('burst', options.burst, 1),
    workspacePerMinute: positive('workspacePerMinute', options.workspacePerMinute, 120),
    maxAttempts: positive('retry.maxAttempts', options.retry?.maxAttempts, Number.POSITIVE_INFINITY),
    backoff: { baseMs: positive('retry.backoff.baseMs', backoff.baseMs, 1000), maxMs, jitter },
    timeoutMs: positive('timeoutMs', options.timeoutMs, 10_000),
    healthCheckIntervalMs,
    failureThreshold,
    cooldownMs: positive('circuit.cooldownMs', options.circuit?.cooldownMs, 60_000),
    recoverAmbiguous: options.recoverAmbiguous ?? true,
    autoStart: options.autoStart ?? true,
    startTimeoutMs: nonNegative('startTimeoutMs', options.startTimeoutMs, 5000),
    exitTimeoutMs: nonNegative('exitTimeoutMs', options.exitTimeoutMs, 5000),
    receiptKeepAliveMs: nonNegative('receiptKeepAliveMs', options.receiptKeepAliveMs, 30_000),
    healthTimeoutMs: positive('healthTimeoutMs', options.healthTimeoutMs, 1000),
  };
}
