/**
 * `@backend-notifier/core`: turn backend events into Slack messages without losing, flooding, leaking or
 * slowing anything. Start with `createNotifier`.
 */
export { isNotifierError, NotifierError, type NotifierErrorCode } from './errors.js';
export {
  buildMessage,
  DEFAULT_MARKERS,
  escapeMrkdwn,
  fingerprintOf,
  type PriorityMarkers,
  plainTextFallback,
} from './format/index.js';
export type { BuildMessageOptions, DroppedNotice, GroupInfo } from './format/types.js';
export { createNotifier } from './notifier/create-notifier.js';
export { NOTIFIER_LOG_SOURCE } from './notifier/log-source.js';
export { createMemoryStore, type MemoryStoreOptions } from './queue/memory-store.js';
export type { SlackMessage } from './slack/gateway-types.js';
export { MANIFEST_BOT_SCOPES } from './slack/required-scopes.js';
export type {
  BackoffOptions,
  CircuitOptions,
  Clock,
  DeadLetter,
  DeliveryOutcome,
  DeploymentInfo,
  DropReason,
  HealthCheck,
  HealthReport,
  HealthStatus,
  Logger,
  MaybePromise,
  Mention,
  Notification,
  NotificationField,
  Notifier,
  NotifierOptions,
  NotifierStats,
  NotifyReceipt,
  OutboxDepth,
  OutboxItem,
  OutboxStore,
  Priority,
  RetryOptions,
} from './types.js';
