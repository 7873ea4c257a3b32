import type { Logger } from '@backend-notifier/core';
import { NOTIFIER_LOG_SOURCE } from '@backend-notifier/core';

type Level = keyof Logger;

/** What {@link createNotifierLogger} uses of a pino logger (`pino()` and its children are one). */
export interface PinoLoggerLike {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  /** pino's own check against the logger's level. */
  isLevelEnabled?(level: string): boolean;
}

/**
 * The notifier's `logger` option, writing into a pino logger the way pino expects it, `logger.warn(meta, msg)`,
 * with `source: 'backend-notifier'` in every line. The Slack destination skips those lines, so a notifier
 * that logs into the very logger it reports for never sends its own warnings back to Slack. Passing the pino
 * logger itself would not work: core calls `logger.warn(message, meta)`, and pino reads a second string
 * argument as a format parameter, so the meta (and with it the marker) would be lost.
 *
 * @param logger the app's pino logger (or a child of it).
 * @example
 * const notifier = createNotifier({ token, channel: 'alerts', logger: createNotifierLogger(logger) });
 */
export function createNotifierLogger(logger: PinoLoggerLike): Logger {
  const write = (level: Level) => (message: string, meta?: Record<string, unknown>) => {
    if (logger.isLevelEnabled !== undefined && !logger.isLevelEnabled(level)) return;
    logger[level]({ ...meta, source: NOTIFIER_LOG_SOURCE }, message);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
