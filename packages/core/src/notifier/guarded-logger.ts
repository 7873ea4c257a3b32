import type { Logger } from '../types.js';
import { NOTIFIER_LOG_SOURCE } from './log-source.js';

type Level = keyof Logger;

/** The notifier's view of the user's logger. */
export interface GuardedLogger {
  log(level: Level, message: string, meta?: Record<string, unknown>): void;
  /** True while a call into the user's logger is running: a `notify()` now would be a feedback loop. */
  readonly active: boolean;
}

/** Warnings and errors to the console; debug and info are silent by default. */
export const consoleLogger: Logger = {
  debug() {},
  info() {},
  warn: (message, meta) => console.warn(`[${NOTIFIER_LOG_SOURCE}] ${message}`, meta ?? ''),
  error: (message, meta) => console.error(`[${NOTIFIER_LOG_SOURCE}] ${message}`, meta ?? ''),
};

/**
 * Wraps the user's logger: adds `{ source: 'backend-notifier' }`, never lets a throwing logger break the
 * pipeline, and flags the time spent inside it, so that a logger wired back into the notifier (a Winston
 * transport, say) cannot turn the notifier's own failures into notifications.
 */
export function createGuardedLogger(logger: Logger): GuardedLogger {
  let depth = 0;
  return {
    get active() {
      return depth > 0;
    },
    log(level, message, meta) {
      depth++;
      try {
        logger[level](message, { ...meta, source: NOTIFIER_LOG_SOURCE });
      } catch {
        // A broken logger must not break delivery; there is nowhere better to report it.
      } finally {
        depth--;
      }
    },
  };
}

/** The guarded logger as a console-like `Logger` (for the Slack layer, which takes one). */
export function asLogger(log: GuardedLogger): Logger {
  return {
    debug: (m, meta) => log.log('debug', m, meta),
    info: (m, meta) => log.log('info', m, meta),
    warn: (m, meta) => log.log('warn', m, meta),
    error: (m, meta) => log.log('error', m, meta),
  };
}
