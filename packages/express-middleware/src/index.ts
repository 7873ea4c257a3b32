export { REDACTED, type RedactOptions, redact } from '@backend-notifier/core';
export { keepRawBody, type RawBodyRequest } from './read-raw-body.js';
export { routeOf, statusOf } from './request-notification.js';
export { type SlackErrorHandlerOptions, slackErrorHandler } from './slack-error-handler.js';
export { slackHealthHandler } from './slack-health-handler.js';
export {
  type InteractionsResponseLike,
  SLACK_INTERACTIONS_PATH,
  type SlackInteractionsHandler,
  type SlackInteractionsHandlerOptions,
  slackInteractions,
} from './slack-interactions.js';
export type {
  ErrorHandlerLike,
  NextFunctionLike,
  RequestHandlerLike,
  RequestLike,
  ResponseLike,
} from './types.js';
