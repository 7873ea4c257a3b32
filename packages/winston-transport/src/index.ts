export { REDACTED, type RedactOptions, redact } from '@backend-notifier/core';
export { createNotifierLogger, type WinstonLoggerLike } from './create-notifier-logger.js';
export { DEFAULT_LEVEL_PRIORITIES, errorOf } from './info-notification.js';
export { SlackTransport, type SlackTransportOptions } from './slack-transport.js';
