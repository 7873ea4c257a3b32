import { argBool, argString } from '../body-parser.js';
import { SlackApiError } from '../slack-error.js';
import type { Message } from '../types.js';
import { type MessageContent, readMessageContent } from '../validation/message-content.js';
import type { ChannelState } from '../workspace.js';
import { type MethodContext, type MethodDef, requireScopes, visibleChannel } from './context.js';
import { messageObject } from './views.js';

function ownMessage(
  ctx: MethodContext,
  tsArg: string,
  denied: string,
): { channel: ChannelState; message: Message } {
  requireScopes(ctx);
  const channel = visibleChannel(ctx, argString(ctx.args, 'channel'));
  const message = ctx.ws.findMessage(channel, argString(ctx.args, tsArg));
  if (!message) throw new SlackApiError('message_not_found');
  if (message.user !== ctx.token.userId) throw new SlackApiError(denied);
  ctx.log.ts = message.ts;
  if (message.threadTs) ctx.log.threadTs = message.threadTs;
  return { channel, message };
}

/** Whether the sent text, blocks and attachments differ from what the message shows now. */
function changesContent(message: Message, content: MessageContent): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return (
    message.text !== content.text ||
    !same(message.blocks, content.blocks) ||
    !same(message.attachments, content.attachments)
  );
}

/**
 * `reply_broadcast` on chat.update: an existing thread reply becomes visible in the channel. Slack's
 * errors: `cant_broadcast_message` (not a thread reply), `no_dual_broadcast_content_update` (an old reply
 * broadcast and its content changed in the same call). @returns whether this call broadcasts the reply
 */
function broadcastsReply(ctx: MethodContext, message: Message, content: MessageContent): boolean {
  if (!argBool(ctx.args, 'reply_broadcast') || message.broadcast) return false;
  if (!message.threadTs || message.threadTs === message.ts) throw new SlackApiError('cant_broadcast_message');
  if (changesContent(message, content)) throw new SlackApiError('no_dual_broadcast_content_update');
  return true;
}

/**
 * `chat.update`: own messages only; `text` over 4,000 characters → `msg_too_long`. A broadcast reply is
 * one message, so its new content shows in the thread and in the channel alike.
 */
export const chatUpdate: MethodDef = {
  tier: 't3',
  handle(ctx) {
    const { channel, message } = ownMessage(ctx, 'ts', 'cant_update_message');
    if (channel.isArchived) throw new SlackApiError('is_inactive');
    const content = readMessageContent(ctx.args, { max: ctx.limits.updateMaxTextLength, onTooLong: 'error' });
    if (broadcastsReply(ctx, message, content)) {
      message.broadcast = true;
      ctx.ws.touch(channel);
      ctx.emit({ type: 'message_changed', channel: channel.id, ts: message.ts });
      return updated(ctx, channel, message);
    }
    message.text = content.text;
    // Slack replaces the content fields that are sent; blocks/attachments absent = removed.
    if (content.blocks) message.blocks = content.blocks;
    else delete message.blocks;
    if (content.attachments) message.attachments = content.attachments;
    else delete message.attachments;
    if (content.metadata === null) delete message.metadata;
    else if (content.metadata) message.metadata = content.metadata;
    message.edited = { user: ctx.token.userId, ts: ctx.ws.nextTs() };
    ctx.ws.touch(channel);
    Object.assign(ctx.log, { text: content.text, metadata: message.metadata });
    ctx.emit({ type: 'message_changed', channel: channel.id, ts: message.ts });
    return updated(ctx, channel, message);
  },
};

function updated(ctx: MethodContext, channel: ChannelState, message: Message): Record<string, unknown> {
  return {
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: messageObject(ctx.ws, channel, message, { metadata: true }),
  };
}

/** `chat.delete`: own messages only. */
export const chatDelete: MethodDef = {
  tier: 't3',
  handle(ctx) {
    const { channel, message } = ownMessage(ctx, 'ts', 'cant_delete_message');
    message.deleted = true;
    if (message.threadTs && message.threadTs !== message.ts) {
      const root = ctx.ws.findMessage(channel, message.threadTs);
      if (root) root.replyCount = ctx.ws.replies(channel, root.ts).length;
    }
    ctx.ws.touch(channel);
    ctx.emit({ type: 'message_deleted', channel: channel.id, ts: message.ts });
    return { channel: channel.id, ts: message.ts };
  },
};

/** `chat.getPermalink`: `https://<domain>.slack.com/archives/<channel>/p<ts without dot>`. */
export const chatGetPermalink: MethodDef = {
  tier: 't5',
  handle(ctx) {
    const channel = visibleChannel(ctx, argString(ctx.args, 'channel'));
    const message = ctx.ws.findMessage(channel, argString(ctx.args, 'message_ts'));
    if (!message) throw new SlackApiError('message_not_found');
    ctx.log.ts = message.ts;
    let permalink = `https://${ctx.ws.domain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
    if (message.threadTs && message.threadTs !== message.ts) {
      permalink += `?thread_ts=${message.threadTs}&cid=${channel.id}`;
    }
    return { channel: channel.id, permalink };
  },
};
