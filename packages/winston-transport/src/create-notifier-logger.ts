import type { Logger } from '@backend-notifier/core';
import { NOTIFIER_LOG_SOURCE } from '@backend-notifier/core';

/** What {@link createNotifierLogger} uses of a Winston logger (`winston.createLogger()` returns one). */
export interface WinstonLoggerLike {
  log(level: string, message: string, meta?: Record<string, unknown>): unknown;
  /** The transports still piped from the logger: `logger.close()` empties it. */
  readonly transports: readonly unknown[];
  /** `false` once `logger.end()` was called. */
  readonly writable?: boolean;
  /** Winston's own check, against the logger's and its transports' levels. */
  isLevelEnabled?(level: string): boolean;
  readonly levels?: Readonly<Record<string, number>>;
}

type Level = keyof Logger;

/** Where the notifier's warnings and errors go once the Winston logger cannot take them any more. */
const fallback: Logger = {
  debug() {},
  info() {},
  warn: (message, meta) => console.warn(`[${NOTIFIER_LOG_SOURCE}] ${message}`, meta ?? ''),
  error: (message, meta) => console.error(`[${NOTIFIER_LOG_SOURCE}] ${message}`, meta ?? ''),
};

/**
 * The notifier's `logger` option, writing into a Winston logger: `createNotifier({ …, logger:
 * createNotifierLogger(logger) })`. Passing the Winston logger itself works too, but then every line the
 * notifier logs while it delivers (the Slack client's debug lines included) is written even when the level
 * is off, and once the app closes the logger (`logger.close()`) each one prints
 * "[winston] Attempt to write logs with no transports"; after `logger.end()` each is a write after end.
 * This one writes only the levels the logger has on, and once the logger is closed or ended it stays
 * silent for debug and info and sends warnings and errors to the console, as the notifier does without a
 * logger.
 *
 * @param logger the app's Winston logger (the one the `SlackTransport` is added to, or any other).
 * @example
 * const notifier = createNotifier({ token, channel: 'alerts', logger: createNotifierLogger(logger) });
 * logger.add(new SlackTransport({ notifier }));
 */
export function createNotifierLogger(logger: WinstonLoggerLike): Logger {
  const open = () => logger.writable !== false && logger.transports.length > 0;
  // Core says `warn`; Winston's syslog levels call it `warning`.
  const nameOf = (level: Level): string =>
    level === 'warn' &&
    logger.levels !== undefined &&
    !('warn' in logger.levels) &&
    'warning' in logger.levels
      ? 'warning'
      : level;
  const write = (level: Level) => (message: string, meta?: Record<string, unknown>) => {
    if (!open()) {
      fallback[level](message, meta);
      return;
    }
    const name = nameOf(level);
    if (logger.isLevelEnabled !== undefined && !logger.isLevelEnabled(name)) return;
    logger.log(name, message, { ...meta, source: NOTIFIER_LOG_SOURCE });
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
