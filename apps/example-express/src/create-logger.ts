import winston from 'winston';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Console level. @default 'info' */
  level?: string;
  /** Write nothing to the console (tests). @default false */
  silent?: boolean;
}

/**
 * The app's Winston logger, console only: `info [example-express] listening on …`, coloured on a terminal,
 * without a timestamp (the platform that collects the output adds its own). The Slack transport is added
 * once the notifier exists (`logger.add(new SlackTransport({ notifier }))`), because the notifier itself
 * logs into this logger.
 */
export function createLogger(options: CreateLoggerOptions = {}): winston.Logger {
  const line = winston.format.printf(({ level, message, service }) => {
    return `${level} [${String(service ?? 'example-express')}] ${String(message)}`;
  });
  return winston.createLogger({
    level: options.level ?? 'info',
    format: winston.format.errors({ stack: true }),
    transports: [
      new winston.transports.Console({
        silent: options.silent ?? false,
        format: process.stdout.isTTY ? winston.format.combine(winston.format.colorize(), line) : line,
      }),
    ],
  });
}
