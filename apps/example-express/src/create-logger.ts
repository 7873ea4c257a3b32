import winston from 'winston';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Console level. @default 'info' */
  level?: string;
  /** Write nothing to the console (tests). @default false */
  silent?: boolean;
}

/**
 * The app's Winston logger, console only. The Slack transport is added once the notifier exists
 * (`logger.add(new SlackTransport({ notifier }))`), because the notifier itself logs into this logger.
 */
export function createLogger(options: CreateLoggerOptions = {}): winston.Logger {
  return winston.createLogger({
    level: options.level ?? 'info',
    format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.timestamp()),
    transports: [
      new winston.transports.Console({
        silent: options.silent ?? false,
        format: winston.format.combine(
          winston.format.colorize(),
          winston.format.printf(({ level, message, timestamp, service }) => {
            return `${String(timestamp)} ${level} [${String(service ?? 'example-express')}] ${String(message)}`;
          }),
        ),
      }),
    ],
  });
}
