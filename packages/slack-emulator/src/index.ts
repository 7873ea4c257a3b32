export type { CreateChannelOptions } from './control.js';
export { EmulatorControl } from './control.js';
export type { ClickOptions } from './interactivity/click-button.js';
export type { DeliveryRoute } from './interactivity/deliver-interaction.js';
export type { ForgeOptions, SocketFrameOptions } from './interactivity/forge-request.js';
export type {
  AppConfig,
  AppOptions,
  EphemeralMessage,
  InteractionOutcome,
  InteractionRecord,
  ResponseUrlUse,
  SocketConnectionInfo,
} from './interactivity/interaction-types.js';
export type { AppPatch } from './interactivity/interactivity-control.js';
export { InteractivityControl } from './interactivity/interactivity-control.js';
export type { DisconnectReason } from './interactivity/socket-mode-server.js';
export { DEFAULT_RATE_LIMITS } from './rate-limiter.js';
export type { SlackEmulator, SlackEmulatorOptions } from './start-slack-emulator.js';
export { startSlackEmulator } from './start-slack-emulator.js';
export type {
  ChangeEvent,
  Channel,
  Fault,
  FaultAction,
  FaultSpec,
  Message,
  MessageMetadata,
  PostMessageLimit,
  RateLimitConfig,
  RateLimitOptions,
  RequestLogEntry,
  TierLimits,
  TokenKind,
  WorkspaceChannelSpec,
  WorkspaceSpec,
  WorkspaceTokenSpec,
  WorkspaceUser,
} from './types.js';
export { DEFAULT_BOT_SCOPES } from './workspace.js';
