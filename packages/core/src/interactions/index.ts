/** The receiving side of Slack's buttons (issue 12): verify, receive, authorize, act. */
export { type ActionButtonsOptions, actionButtons } from './action-buttons.js';
export {
  type ActorDirectory,
  createSlackActorDirectory,
  type SlackActorDirectoryOptions,
} from './actor-directory.js';
export {
  type ActorPolicy,
  type ActorPolicyOptions,
  type AllowOptions,
  createActorPolicy,
} from './actor-policy.js';
export {
  createSlackInteractions,
  type InteractionVerdict,
  type SlackInteractions,
  type SlackInteractionsOptions,
} from './create-slack-interactions.js';
export {
  handleSlackInteraction,
  type InteractionHttpRequest,
  type InteractionHttpResponse,
} from './handle-slack-interaction.js';
export {
  ACTION_IDS,
  type ActedBy,
  type ActionId,
  type InteractionActions,
  isActionId,
  MUTE_DURATIONS_MS,
} from './interaction-actions.js';
export type { InteractionStats } from './interaction-stats.js';
export { type BlockActionRequest, parseInteractionBody, readBlockAction } from './parse-interaction.js';
export { type RawBody, type RawBodyRequest, readRequestBody } from './read-request-body.js';
export { REFUSAL_STATUS, type RefusalReason } from './refusal-reason.js';
export { createReplayGuard, type ReplayGuard, type ReplayGuardOptions } from './replay-guard.js';
export type { RequestHeaders } from './request-headers.js';
export {
  createResponder,
  type Responder,
  type ResponderOptions,
  SLACK_RESPONSE_ORIGIN,
} from './response-url.js';
export {
  type SocketModeReceiver,
  type SocketModeReceiverOptions,
  startSocketModeReceiver,
} from './socket-mode-receiver.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  SIGNING_WINDOW_SEC,
  type VerifyResult,
  type VerifySlackRequestOptions,
  verifySlackRequest,
} from './verify-slack-request.js';
