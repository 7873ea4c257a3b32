import winston from 'winston';

/**
 * The app's Winston logger, console only; the Slack transport is added once the notifier exists
 * ({@link SlackLogBridge}), because the notifier itself logs into this logger.
 */
export function createWinstonLogger(level: string): winston.Logger {
  const silent = level === 'silent';
  return winston.createLogger({
    level: silent ? 'error' : level,
    format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.timestamp()),
    transports: [
      new winston.transports.Console({
        silent,
        format: winston.format.combine(
          winston.format.colorize(),
          winston.format.printf(({ level: lvl, message, timestamp, context }) => {
            return `${String(timestamp)} ${lvl} [example-nest${context ? `:${String(context)}` : ''}] ${String(message)}`;
          }),
        ),
      }),
    ],
  });
}
