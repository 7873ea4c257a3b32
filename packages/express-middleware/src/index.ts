export { REDACTED, type RedactOptions, redact } from '@backend-notifier/core';
export { routeOf, statusOf } from './request-notification.js';
export { type SlackErrorHandlerOptions, slackErrorHandler } from './slack-error-handler.js';
export { slackHealthHandler } from './slack-health-handler.js';
export type {
  ErrorHandlerLike,
  NextFunctionLike,
  RequestHandlerLike,
  RequestLike,
  ResponseLike,
} from './types.js';
