/**
 * Test helpers of `@backend-notifier/core` (subpath `@backend-notifier/core/testing`): the outbox store
 * conformance suite and a fake clock. No test runner is imported: pass yours in.
 */

export {
  type ConversationStoreFactoryOptions,
  type DescribeConversationStoreOptions,
  describeConversationStore,
  makeConversation,
} from './describe-conversation-store.js';
export {
  type DescribeOutboxStoreOptions,
  describeOutboxStore,
  makeItem,
  type OutboxStoreFactoryOptions,
  type TestApi,
} from './describe-outbox-store.js';
export { createFakeClock, type FakeClock } from './fake-clock.js';
