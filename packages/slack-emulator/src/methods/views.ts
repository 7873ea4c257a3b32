import type { Message } from '../types.js';
import { type ChannelState, DEFAULT_BOT_ICONS, type Workspace } from '../workspace.js';

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

/** Slack's bot profile object (`objs_bot_profile`: every field it requires, plus the `user_id` Slack sends today). */
export function botProfile(ws: Workspace, botId: string): Record<string, unknown> {
  return {
    id: botId,
    deleted: false,
    name: ws.bot.name,
    updated: ws.botUpdated,
    app_id: ws.bot.appId,
    user_id: ws.bot.userId,
    icons: { ...DEFAULT_BOT_ICONS },
    team_id: ws.teamId,
  };
}

/** Attachments as Slack returns them: each object gets its 1-based `id` within the message. */
function numberedAttachments(attachments: unknown[]): unknown[] {
  return attachments.map((a, i) =>
    a && typeof a === 'object' && !Array.isArray(a) ? { ...(a as Record<string, unknown>), id: i + 1 } : a,
  );
}

/** The thread fields of a root that has live replies. */
function threadSummary(ws: Workspace, channel: ChannelState, m: Message): Record<string, unknown> {
  const replies = ws.replies(channel, m.ts);
  if (replies.length === 0) return {};
  const users = [...new Set(replies.map((r) => r.user))];
  return {
    thread_ts: m.ts,
    reply_count: replies.length,
    reply_users_count: users.length,
    latest_reply: replies[replies.length - 1]?.ts,
    reply_users: users,
  };
}

/**
 * Slack's message object for the API (history, replies, postMessage, update). A reply carries
 * `parent_user_id`; a broadcast reply is `subtype: 'thread_broadcast'` with its thread's `root`.
 */
export function messageObject(
  ws: Workspace,
  channel: ChannelState,
  m: Message,
  opts: { metadata?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message' };
  if (m.broadcast) out['subtype'] = 'thread_broadcast';
  Object.assign(out, { user: m.user, text: m.text, ts: m.ts });
  if (m.botId) {
    out['bot_id'] = m.botId;
    out['app_id'] = ws.bot.appId;
    out['bot_profile'] = botProfile(ws, m.botId);
  }
  if (m.username) out['username'] = m.username;
  if (m.iconEmoji) out['icons'] = { emoji: m.iconEmoji };
  else if (m.iconUrl) out['icons'] = { image_64: m.iconUrl };
  out['team'] = ws.teamId;
  if (m.blocks) out['blocks'] = m.blocks;
  if (m.attachments) out['attachments'] = numberedAttachments(m.attachments);
  if (m.edited) out['edited'] = { ...m.edited };
  if (m.threadTs) out['thread_ts'] = m.threadTs;
  if (m.threadTs === m.ts || (!m.threadTs && m.replyCount > 0))
    Object.assign(out, threadSummary(ws, channel, m));
  const root = ws.threadRoot(channel, m);
  if (root) {
    out['parent_user_id'] = root.user;
    if (m.broadcast) out['root'] = messageObject(ws, channel, root);
  }
  if (opts.metadata && m.metadata) out['metadata'] = m.metadata;
  return out;
}
