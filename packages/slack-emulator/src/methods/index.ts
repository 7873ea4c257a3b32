import { appsConnectionsOpen } from './apps-connections-open.js';
import { authTest } from './auth-test.js';
import { chatDelete, chatGetPermalink, chatUpdate } from './chat-edit.js';
import { chatPostEphemeral } from './chat-post-ephemeral.js';
import { chatPostMessage } from './chat-post-message.js';
import type { MethodDef } from './context.js';
import { conversationsHistory, conversationsReplies } from './conversations-history.js';
import {
  conversationsArchive,
  conversationsCreate,
  conversationsJoin,
  conversationsUnarchive,
} from './conversations-manage.js';
import { conversationsInfo, conversationsList, conversationsMembers } from './conversations-read.js';

/** Every Web API method the emulator implements. */
export const METHODS: Readonly<Record<string, MethodDef>> = {
  'auth.test': authTest,
  'conversations.create': conversationsCreate,
  'conversations.list': conversationsList,
  'conversations.join': conversationsJoin,
  'conversations.info': conversationsInfo,
  'conversations.members': conversationsMembers,
  'conversations.archive': conversationsArchive,
  'conversations.unarchive': conversationsUnarchive,
  'conversations.history': conversationsHistory,
  'conversations.replies': conversationsReplies,
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.delete': chatDelete,
  'chat.getPermalink': chatGetPermalink,
  'chat.postEphemeral': chatPostEphemeral,
  'apps.connections.open': appsConnectionsOpen,
};
