import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeConversationStore } from '../testing/describe-conversation-store.js';
import { createMemoryConversationStore } from './memory-conversation-store.js';

describeConversationStore(
  'memory',
  ({ maxConversations }) => createMemoryConversationStore({ maxConversations }),
  { describe, it, expect, beforeEach, afterEach },
);
