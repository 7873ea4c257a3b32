import winston from 'winston';

/**
 * The app's Winston logger, console only: `info [example-nest:Context] message`, coloured on a terminal,
 * without a timestamp (the platform that collects the output adds its own). The Slack transport is added
 * once the notifier exists ({@link SlackLogBridge}), because the notifier itself logs into this logger.
 */
export function createWinstonLogger(level: string): winston.Logger {
  const silent = level === 'silent';
  const line = winston.format.printf(({ level: lvl, message, context }) => {
    return `${lvl} [example-nest${context ? `:${String(context)}` : ''}] ${String(message)}`;
  });
  return winston.createLogger({
    level: silent ? 'error' : level,
    format: winston.format.errors({ stack: true }),
    transports: [
      new winston.transports.Console({
        silent,
        format: process.stdout.isTTY ? winston.format.combine(winston.format.colorize(), line) : line,
      }),
    ],
  });
}
