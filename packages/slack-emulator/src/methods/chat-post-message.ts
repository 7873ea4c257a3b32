import { argBool, argString } from '../body-parser.js';
import { SlackApiError } from '../slack-error.js';
import type { Message } from '../types.js';
import { readMessageContent } from '../validation/message-content.js';
import { readAuthorship } from './authorship.js';
import { type MethodDef, requireScopes, visibleChannel } from './context.js';
import { messageObject } from './views.js';
import { withWarnings } from './warnings.js';

/**
 * `chat.postMessage`: channel by id or name; a public channel the bot is not in needs
 * `chat:write.public` (else `not_in_channel`); private non-member → `channel_not_found`.
 * `reply_broadcast` with `thread_ts` also shows the reply in the channel; `username` / `icon_*`
 * count only with `chat:write.customize` (see `readAuthorship`).
 */
export const chatPostMessage: MethodDef = {
  tier: 't5',
  byName: true,
  handle(ctx) {
    requireScopes(ctx);
    const ref = argString(ctx.args, 'channel');
    if (!ref) throw new SlackApiError('channel_not_found');
    const channel = visibleChannel(ctx, ref, true);
    if (channel.isArchived) throw new SlackApiError('is_archived');
    const member = channel.members.includes(ctx.token.userId);
    if (!member && !ctx.token.scopes.includes('chat:write.public')) throw new SlackApiError('not_in_channel');
    const content = readMessageContent(ctx.args, { max: ctx.limits.maxTextLength, onTooLong: 'truncate' });
    let threadTs = argString(ctx.args, 'thread_ts');
    const parent = threadTs ? ctx.ws.findMessage(channel, threadTs) : undefined;
    // A reply to a reply joins the root thread, as in Slack.
    if (parent?.threadTs) threadTs = parent.threadTs;
    // Without thread_ts there is nothing to broadcast: Slack posts a plain message.
    const broadcast = threadTs !== undefined && argBool(ctx.args, 'reply_broadcast');
    const ts = ctx.ws.nextTs();
    const message: Message = {
      ts,
      user: ctx.token.userId,
      text: content.text,
      replyCount: 0,
      ...(ctx.token.kind === 'bot' ? { botId: ctx.ws.bot.botId } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(broadcast ? { broadcast } : {}),
      ...readAuthorship(ctx),
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
      ...(content.metadata ? { metadata: content.metadata } : {}),
    };
    channel.messages.push(message);
    const root = threadTs ? ctx.ws.findMessage(channel, threadTs) : undefined;
    if (root) root.replyCount = ctx.ws.replies(channel, root.ts).length;
    ctx.ws.touch(channel);
    Object.assign(ctx.log, { ts, text: content.text, metadata: content.metadata, threadTs });
    ctx.emit({ type: 'message', channel: channel.id, ts });
    return withWarnings(
      { channel: channel.id, ts, message: messageObject(ctx.ws, channel, message, { metadata: true }) },
      content.warnings,
      content.messages,
    );
  },
};
