/**
 * The Slack layer's internal entry (for the pipeline inside `packages/core`; the package's public
 * `src/index.ts` decides what users see).
 */

export { MAX_CHANNEL_NAME_LENGTH, validateChannelName } from './channel-name.js';
export {
  channelSetupError,
  findChannelByName,
  joinChannel,
  type SetUpChannelOptions,
  setUpChannel,
} from './channel-setup.js';
export { type CheckTokenOptions, checkToken, type TokenCheck } from './check-token.js';
export { classifyPlatformCode, classifySlackError, DEFAULT_RETRY_AFTER_MS } from './classify-slack-error.js';
export { createSlackGateway, type SlackGatewayOptions } from './create-slack-gateway.js';
export {
  type CreateWebClientOptions,
  createWebClient,
  DEFAULT_SLACK_TIMEOUT_MS,
} from './create-web-client.js';
export { type FindPostedOptions, findPosted, METADATA_EVENT_TYPE } from './find-posted.js';
export type {
  AuthInfo,
  ChannelInfo,
  SlackFailure,
  SlackGateway,
  SlackMessage,
  SlackResult,
} from './gateway-types.js';
export { type IsMemberOptions, isMember } from './is-member.js';
export { REDACTED, redactSecrets } from './redact-secrets.js';
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
} from './required-scopes.js';
export { createSlackCall, type SlackCall } from './slack-caller.js';
export { assertBotToken, type TokenKind, type TokenKindInfo, tokenKind } from './token-kind.js';
export { createTokenProvider, type TokenProvider, type TokenSource } from './token-provider.js';
