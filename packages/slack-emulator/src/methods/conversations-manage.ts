import { argBool, argString } from '../body-parser.js';
import { SlackApiError } from '../slack-error.js';
import { validateChannelName } from '../validation/channel-name.js';
import { type MethodDef, requireScopes, visibleChannel } from './context.js';
import { conversationObject } from './views.js';
import { withWarnings } from './warnings.js';

/** `conversations.create`: Slack's name rules; the creator joins. */
export const conversationsCreate: MethodDef = {
  tier: 't2',
  handle(ctx) {
    const isPrivate = argBool(ctx.args, 'is_private');
    requireScopes(ctx, isPrivate);
    const raw = ctx.args['name'];
    const name = typeof raw === 'string' ? raw : raw === undefined ? '' : String(raw);
    const invalid = validateChannelName(name);
    if (invalid) throw new SlackApiError(invalid);
    if (ctx.ws.channelByName(name)) throw new SlackApiError('name_taken');
    const channel = ctx.ws.addChannel({
      name,
      isPrivate,
      members: [ctx.token.userId],
      creator: ctx.token.userId,
    });
    ctx.log.channel = channel.id;
    ctx.emit({ type: 'channel', channel: channel.id });
    return {
      channel: {
        ...conversationObject(ctx.ws, channel, ctx.token.userId),
        last_read: '0000000000.000000',
        latest: null,
        unread_count: 0,
        unread_count_display: 0,
      },
    };
  },
};

/** `conversations.join`: public channels only; already a member is a warning. */
export const conversationsJoin: MethodDef = {
  tier: 't3',
  handle(ctx) {
    requireScopes(ctx, false);
    const channel = visibleChannel(ctx, argString(ctx.args, 'channel'));
    if (channel.isPrivate) throw new SlackApiError('method_not_supported_for_channel_type');
    if (channel.isArchived) throw new SlackApiError('is_archived');
    const view = () => conversationObject(ctx.ws, channel, ctx.token.userId);
    if (channel.members.includes(ctx.token.userId)) {
      return withWarnings({ channel: view() }, ['already_in_channel']);
    }
    channel.members.push(ctx.token.userId);
    ctx.ws.touch(channel);
    ctx.emit({ type: 'channel', channel: channel.id });
    return { channel: view() };
  },
};

/** `conversations.archive`: members only; `#general` cannot be archived. */
export const conversationsArchive: MethodDef = {
  tier: 't2',
  handle(ctx) {
    const ref = argString(ctx.args, 'channel');
    const found = ctx.ws.findChannel(ref, false);
    requireScopes(ctx, found?.isPrivate ?? false);
    const channel = visibleChannel(ctx, ref);
    if (channel.isArchived) throw new SlackApiError('already_archived');
    if (channel.isGeneral) throw new SlackApiError('cant_archive_general');
    if (!channel.members.includes(ctx.token.userId)) throw new SlackApiError('not_in_channel');
    channel.isArchived = true;
    ctx.ws.touch(channel);
    ctx.emit({ type: 'channel', channel: channel.id });
    return {};
  },
};

/**
 * `conversations.unarchive`. Slack's documented bug is reproduced: bot tokens get
 * `not_in_channel`; user tokens unarchive and join.
 */
export const conversationsUnarchive: MethodDef = {
  tier: 't2',
  handle(ctx) {
    const ref = argString(ctx.args, 'channel');
    const found = ctx.ws.findChannel(ref, false);
    requireScopes(ctx, found?.isPrivate ?? false);
    const channel = visibleChannel(ctx, ref);
    if (ctx.token.kind === 'bot') throw new SlackApiError('not_in_channel');
    if (!channel.isArchived) throw new SlackApiError('not_archived');
    channel.isArchived = false;
    if (!channel.members.includes(ctx.token.userId)) channel.members.push(ctx.token.userId);
    ctx.ws.touch(channel);
    ctx.emit({ type: 'channel', channel: channel.id });
    return {};
  },
};
