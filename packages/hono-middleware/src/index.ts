export { REDACTED, type RedactOptions, redact } from '@backend-notifier/core';
export { requestFailure, routeOf } from './request-failure.js';
export { type SlackErrorReporterOptions, slackErrorReporter } from './slack-error-reporter.js';
export { slackHealthHandler } from './slack-health-handler.js';
