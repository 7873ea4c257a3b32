import { argString } from '../body-parser.js';
import { SlackApiError } from '../slack-error.js';
import { readMessageContent } from '../validation/message-content.js';
import { type MethodDef, requireScopes, visibleChannel } from './context.js';

/**
 * `chat.postEphemeral`: a message only `user` sees in `channel` (stored per user, shown on the page
 * to that user). The user must be a member (`user_not_in_channel`); the bot too, unless it holds
 * `chat:write.public` on a public channel (`not_in_channel`). Answers `message_ts`.
 */
export const chatPostEphemeral: MethodDef = {
  tier: 't4',
  byName: true,
  handle(ctx) {
    requireScopes(ctx);
    const channel = visibleChannel(ctx, argString(ctx.args, 'channel'), true);
    if (channel.isArchived) throw new SlackApiError('is_archived');
    const user = argString(ctx.args, 'user');
    if (!user || !ctx.ws.users.some((u) => u.id === user)) throw new SlackApiError('user_not_found');
    if (!channel.members.includes(user)) throw new SlackApiError('user_not_in_channel');
    const member = channel.members.includes(ctx.token.userId);
    if (!member && (channel.isPrivate || !ctx.token.scopes.includes('chat:write.public')))
      throw new SlackApiError('not_in_channel');
    const content = readMessageContent(ctx.args, { max: ctx.limits.maxTextLength, onTooLong: 'truncate' });
    const threadTs = argString(ctx.args, 'thread_ts');
    const ts = ctx.ws.nextTs();
    ctx.ws.ephemerals.push({
      ts,
      channel: channel.id,
      user,
      text: content.text,
      source: 'api',
      ...(threadTs ? { threadTs } : {}),
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
    });
    Object.assign(ctx.log, { ts, text: content.text, threadTs });
    ctx.emit({ type: 'ephemeral', channel: channel.id, ts });
    return { message_ts: ts };
  },
};
