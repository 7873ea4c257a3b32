export { type ConversationKeyOf, conversationKeyOf } from './conversation-key.js';
export { type ConversationStore, type StoredConversation, updateConversation } from './conversation-store.js';
export type {
  ConversationKind,
  ConversationOptions,
  ConversationSettings,
  ConversationState,
  ConversationStatus,
} from './conversation-types.js';
export {
  createMemoryConversationStore,
  type MemoryConversationStoreOptions,
} from './memory-conversation-store.js';
export { resolveConversationOptions } from './resolve-conversation-options.js';
