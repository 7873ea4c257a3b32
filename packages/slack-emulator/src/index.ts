export type { CreateChannelOptions } from './control.js';
export { EmulatorControl } from './control.js';
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
