export { DEFAULT_LEVEL_PRIORITIES, errorOf } from './info-notification.js';
export { REDACTED, type RedactOptions, redact } from './redact.js';
export { SlackTransport, type SlackTransportOptions } from './slack-transport.js';
