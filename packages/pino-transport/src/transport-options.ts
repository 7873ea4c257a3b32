import type { NotifierOptions } from '@backend-notifier/core';
import type { LineOptions } from './line-notification.js';
import type { WorkerLogLevel } from './stderr-logger.js';

/**
 * pino's thread-stream waits at most 10 s for the worker when the logger ends (`transport.end()`, and pino's
 * exit handler); past that it gives up and the worker dies with what it holds, unreported. The worker's close
 * must end before: `closeTimeoutMs` + core's 250 ms teardown bound + the worker's own exit stay under it.
 */
export const MAX_CLOSE_TIMEOUT_MS = 9000;

/** The notifier options that survive the trip to the worker (plain data: no store, logger, clock or provider). */
export type WorkerNotifierOptions = Omit<NotifierOptions, 'token' | 'channel' | 'store' | 'logger' | 'clock'>;

/**
 * Options of the worker transport, `pino.transport({ target: '@backend-notifier/pino-transport', options })`.
 * They are copied to the worker thread (structured clone), so they are plain data. The notifier is created in
 * the worker from them; every other `createNotifier` option that is plain data (`routes`, `timeoutMs`,
 * `perChannelPerSecond`, `grouping`…) passes through.
 */
export interface PinoTransportOptions extends LineOptions, WorkerNotifierOptions {
  /** The bot token (`xoxb-…`). A string: a provider function cannot be sent to a worker. Never logged. */
  token: string;
  /** The notifier's default channel name (without `#`): created, or found, then joined. */
  channel: string;
  /**
   * When the logger ends (`transport.end()`, or pino's exit handler when the process exits), the worker closes
   * the notifier with this timeout: it delivers what it holds until then, and what is left is counted as
   * dropped (`closed`; `aborted_in_flight` for a post cut off in flight) and reported on stderr. At most {@link MAX_CLOSE_TIMEOUT_MS} (pino waits 10 s at most).
   * @default 5000
   */
  closeTimeoutMs?: number;
  /** How long pino's `logger.flush(cb)` waits for the notifier's `flush(ms)` before calling back anyway. @default 5000 */
  flushTimeoutMs?: number;
  /** The notifier's own log lines written to stderr from the worker, from this level up. @default 'warn' */
  logLevel?: WorkerLogLevel;
}

const LOG_LEVELS = new Set<WorkerLogLevel>(['debug', 'info', 'warn', 'error', 'silent']);

function fail(message: string): never {
  throw new TypeError(`@backend-notifier/pino-transport: ${message}`);
}

function checkMs(name: string, value: unknown, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    fail(`\`${name}\` must be a number of milliseconds from 0 to ${max}`);
  }
}

/**
 * Checks what the worker cannot work without, naming the option (never a value: one of them is the token).
 * Throws a `TypeError`; pino then reports it as the transport's `'error'`.
 */
export function checkTransportOptions(options: unknown): asserts options is PinoTransportOptions {
  if (typeof options !== 'object' || options === null) {
    fail('`options` is required: pino.transport({ target, options: { token, channel } })');
  }
  const o = options as Record<string, unknown>;
  if (typeof o['token'] !== 'string' || o['token'] === '') fail('`token` must be a non-empty string');
  if (typeof o['channel'] !== 'string' || o['channel'] === '') fail('`channel` must be a non-empty string');
  checkMs('closeTimeoutMs', o['closeTimeoutMs'], MAX_CLOSE_TIMEOUT_MS);
  checkMs('flushTimeoutMs', o['flushTimeoutMs'], 2_147_483_647);
  if (o['logLevel'] !== undefined && !LOG_LEVELS.has(o['logLevel'] as WorkerLogLevel)) {
    fail(`\`logLevel\` must be one of ${[...LOG_LEVELS].join(', ')}`);
  }
  for (const key of ['store', 'logger', 'clock'] as const) {
    if (o[key] !== undefined)
      fail(`\`${key}\` cannot be sent to a worker thread; use createSlackDestination`);
  }
}
