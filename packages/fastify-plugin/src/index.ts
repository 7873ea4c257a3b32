export { REDACTED, type RedactOptions, redact } from '@backend-notifier/core';
export { backendNotifier } from './backend-notifier.js';
export { type BackendNotifierPluginOptions, DEFAULT_CLOSE_TIMEOUT_MS } from './plugin-options.js';
export { requestFailure, routeOf } from './request-failure.js';
