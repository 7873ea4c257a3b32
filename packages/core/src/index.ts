/**
 * `@backend-notifier/core`: turn backend events into Slack messages without losing, flooding, leaking or
 * slowing anything. Start with `createNotifier`.
 */

// Conversations (issue 11 points 1, 2, 4; H5): one Slack message per key, its stored state, the digest.
export {
  type ConversationKeyOf,
  type ConversationKind,
  type ConversationOptions,
  type ConversationSettings,
  type ConversationState,
  type ConversationStatus,
  type ConversationStore,
  conversationKeyOf,
  createMemoryConversationStore,
  type MemoryConversationStoreOptions,
  resolveConversationOptions,
  type StoredConversation,
  updateConversation,
} from './conversations/index.js';
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
export {
  type HttpFailure,
  type HttpFailureOptions,
  type HttpHeaders,
  httpFailureNotification,
} from './http/http-failure-notification.js';
export {
  createHttpFailureReporter,
  type HttpFailureReport,
  type HttpFailureReporterOptions,
} from './http/http-failure-reporter.js';
export { type HttpHealthResponse, httpHealthResponse } from './http/http-health-response.js';
export { httpStatusOf, httpStatusPriority, pathOfUrl, shouldReportHttpStatus } from './http/http-status.js';
// Inbound from Slack (issue 12): buttons, signature verification, who may act.
export {
  ACTION_IDS,
  type ActedBy,
  type ActionButtonsOptions,
  type ActionId,
  type ActorDirectory,
  type AllowOptions,
  actionButtons,
  type BlockActionRequest,
  createReplayGuard,
  createSlackActorDirectory,
  createSlackInteractions,
  DEFAULT_MAX_BODY_BYTES,
  handleSlackInteraction,
  type InteractionActions,
  type InteractionHttpRequest,
  type InteractionHttpResponse,
  type InteractionStats,
  type InteractionVerdict,
  MUTE_DURATIONS_MS,
  type RawBody,
  type RawBodyRequest,
  REFUSAL_STATUS,
  type RefusalReason,
  type ReplayGuard,
  type RequestHeaders,
  readRequestBody,
  SIGNING_WINDOW_SEC,
  type SlackInteractions,
  type SlackInteractionsOptions,
  type SocketModeReceiver,
  type SocketModeReceiverOptions,
  startSocketModeReceiver,
  type VerifyResult,
  type VerifySlackRequestOptions,
  verifySlackRequest,
} from './interactions/index.js';
export { createNotifier } from './notifier/create-notifier.js';
export { NOTIFIER_LOG_SOURCE } from './notifier/log-source.js';
export { createMemoryStore, type MemoryStoreOptions } from './queue/memory-store.js';
export {
  DEFAULT_SENSITIVE_KEY,
  isSensitiveKey,
  REDACTED,
  type RedactOptions,
  redact,
} from './redact/redact.js';
// Routing rules and silences (issue 12): pure policy, wired into notify() with conversations.
export {
  createRouter,
  type EventAttributes,
  type EventMatch,
  matchesEvent,
  type OneOrMany,
  type RouteDecision,
  type RoutingOptions,
  type RoutingRule,
} from './routing/index.js';
export {
  createMemorySilenceStore,
  createSilence,
  findSilence,
  MAX_SILENCE_MS,
  type MemorySilenceStoreOptions,
  type Silence,
  type SilenceInput,
  type SilenceStore,
  silenceCovers,
} from './silences/index.js';
export { MAX_CHANNEL_NAME_LENGTH, validateChannelName } from './slack/channel-name.js';
export type { SlackMessage } from './slack/gateway-types.js';
export {
  checkScopes,
  type FeatureScopes,
  type FeatureSelection,
  featuresFor,
  MANIFEST_BOT_SCOPES,
  type MissingScope,
  REQUIRED_SCOPES,
  type ScopeCheck,
  type SlackFeature,
  scopesFor,
} from './slack/required-scopes.js';
export { type TokenKind, type TokenKindInfo, tokenKind } from './slack/token-kind.js';
export type {
  BackoffOptions,
  CircuitOptions,
  Clock,
  DeadLetter,
  DeliveryOutcome,
  DeploymentInfo,
  DigestOptions,
  DropReason,
  FloodOptions,
  GroupingOptions,
  HealthCheck,
  HealthReport,
  HealthStatus,
  LateCommitOptions,
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
  StoreLoss,
} from './types.js';
