import type { Message } from '../types.js';
import type { ChannelState, Workspace } from '../workspace.js';

/** Slack's conversation object for `channel` as seen by `viewer`. */
export function conversationObject(
  ws: Workspace,
  channel: ChannelState,
  viewer: string,
  opts: { numMembers?: boolean } = {},
): Record<string, unknown> {
  const topic = { value: '', creator: '', last_set: 0 };
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    created: channel.created,
    creator: channel.creator,
    is_archived: channel.isArchived,
    is_general: channel.isGeneral,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    pending_shared: [],
    is_pending_ext_shared: false,
    is_member: channel.members.includes(viewer),
    is_frozen: false,
    context_team_id: ws.teamId,
    updated: channel.updated,
    topic,
    purpose: { ...topic },
    previous_names: [],
    priority: 0,
    ...(opts.numMembers ? { num_members: channel.members.length } : {}),
  };
}

/** Slack's message object for the API (history, replies, postMessage). */
export function messageObject(
  ws: Workspace,
  channel: ChannelState,
  m: Message,
  opts: { metadata?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message', user: m.user, text: m.text, ts: m.ts };
  if (m.botId) {
    out['bot_id'] = m.botId;
    out['app_id'] = ws.bot.appId;
    out['bot_profile'] = {
      id: m.botId,
      app_id: ws.bot.appId,
      name: ws.bot.name,
      deleted: false,
      team_id: ws.teamId,
    };
  }
  out['team'] = ws.teamId;
  if (m.blocks) out['blocks'] = m.blocks;
  if (m.attachments) out['attachments'] = m.attachments;
  if (m.edited) out['edited'] = { ...m.edited };
  if (m.threadTs) out['thread_ts'] = m.threadTs;
  if (m.threadTs === m.ts || (!m.threadTs && m.replyCount > 0)) {
    const replies = ws.replies(channel, m.ts);
    if (replies.length > 0) {
      out['thread_ts'] = m.ts;
      out['reply_count'] = replies.length;
      out['reply_users_count'] = new Set(replies.map((r) => r.user)).size;
      out['latest_reply'] = replies[replies.length - 1]?.ts;
      out['reply_users'] = [...new Set(replies.map((r) => r.user))];
    }
  }
  if (opts.metadata && m.metadata) out['metadata'] = m.metadata;
  return out;
}
