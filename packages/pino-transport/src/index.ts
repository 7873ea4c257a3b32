/**
 * `@backend-notifier/pino-transport`: pino log lines to Slack through `@backend-notifier/core`. The default
 * export is the worker transport (`pino.transport({ target: '@backend-notifier/pino-transport', options })`);
 * `createSlackDestination` is the in-process destination (`pino(options, destination)`).
 */
export { REDACTED, type RedactOptions, redact } from '@backend-notifier/core';
export { createNotifierLogger, type PinoLoggerLike } from './create-notifier-logger.js';
export { DEFAULT_LEVEL_PRIORITIES, PINO_LEVELS } from './levels.js';
export { type LineOptions, pinoErrorOf } from './line-notification.js';
export { default } from './pino-transport.js';
export {
  createSlackDestination,
  SlackDestination,
  type SlackDestinationOptions,
} from './slack-destination.js';
export type { WorkerLogLevel } from './stderr-logger.js';
export {
  MAX_CLOSE_TIMEOUT_MS,
  type PinoTransportOptions,
  type WorkerNotifierOptions,
} from './transport-options.js';
