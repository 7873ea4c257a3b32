// One message as Slack lays it out: avatar, sender, time, body (blocks win over text, as in Slack),
// attachments, "(edited)" and the thread summary.
import { renderAttachments, renderBlocks } from './blocks.js';
import { avatarColor, clockTime, fullTime, h, tsToDate } from './dom.js';
import { emojify } from './emoji.js';
import { renderMrkdwn } from './mrkdwn.js';

/**
 * @typedef {import('./mrkdwn.js').RenderContext & {
 *   senderName: (msg: any) => { name: string, isBot: boolean },
 *   onButton?: (msg: any, el: any, blockId: string) => void,
 * }} MessageContext
 */

/**
 * @param {any} msg  a Message from the control API
 * @param {MessageContext} ctx
 * @param {{ onOpenThread?: (ts: string) => void, lastReplyTs?: string, testid?: string, continued?: boolean,
 *   broadcastRoot?: any, alsoSent?: boolean }} [opts]
 *   `broadcastRoot`: this is a broadcast reply shown in the channel (the root, null when it is gone);
 *   `alsoSent`: this is a broadcast reply shown in its thread.
 */
export function renderMessage(msg, ctx, opts = {}) {
  const sender = ctx.senderName(msg);
  const date = tsToDate(msg.ts);
  if (msg.deleted) {
    // Slack keeps a tombstone only for a deleted parent that still has replies.
    return h(
      'div',
      { class: 'message deleted', testid: opts.testid ?? 'message', dataset: { ts: msg.ts } },
      h('div', { class: 'avatar placeholder' }),
      h(
        'div',
        { class: 'message-body' },
        h('div', { class: 'message-tombstone' }, 'This message was deleted.'),
        threadSummary(msg, opts),
      ),
    );
  }
  const hasBlocks = Array.isArray(msg.blocks) && msg.blocks.length > 0;
  const edited =
    msg.edited &&
    h(
      'span',
      { class: 'edited', testid: 'edited', title: `edited at ${fullTime(tsToDate(msg.edited.ts))}` },
      ' (edited)',
    );
  // Slack prints "(edited)" right after the text; after blocks it goes on its own line.
  // Buttons of a stored message can be clicked; an ephemeral one's are shown only.
  const blockCtx =
    ctx.onButton && !msg.ephemeral
      ? {
          ...ctx,
          onAction: (/** @type {any} */ el, /** @type {string} */ blockId) =>
            ctx.onButton?.(msg, el, blockId),
        }
      : ctx;
  const content = hasBlocks
    ? [renderBlocks(msg.blocks, blockCtx), edited]
    : msg.text
      ? h('div', { class: 'message-text', testid: 'message-text' }, renderMrkdwn(msg.text, ctx), edited)
      : edited;
  const time = h(
    'time',
    { class: 'time', testid: 'message-time', title: `${fullTime(date)} · ts ${msg.ts}` },
    clockTime(date),
  );
  // A follow-up from the same sender shortly after is drawn without avatar and name, as in Slack.
  return h(
    'div',
    {
      class: opts.continued ? 'message continued' : 'message',
      testid: opts.testid ?? 'message',
      dataset: { ts: msg.ts },
    },
    opts.continued ? h('div', { class: 'gutter' }, time) : avatar(msg, sender.name),
    h(
      'div',
      { class: 'message-body' },
      opts.broadcastRoot !== undefined && broadcastContext(msg, opts.broadcastRoot, opts),
      !opts.continued &&
        h(
          'div',
          { class: 'message-header' },
          h('span', { class: 'sender', testid: 'message-sender' }, sender.name),
          sender.isBot && h('span', { class: 'app-badge' }, 'APP'),
          time,
        ),
      content,
      opts.alsoSent && h('div', { class: 'also-sent', testid: 'also-sent' }, 'Also sent to the channel'),
      msg.ephemeral && h('div', { class: 'ephemeral-note', testid: 'ephemeral-note' }, 'Only visible to you'),
      renderAttachments(msg.attachments, ctx),
      msg.metadata &&
        h(
          'div',
          {
            class: 'message-metadata',
            testid: 'message-metadata',
            title: safeJson(msg.metadata.event_payload),
          },
          `metadata: ${String(msg.metadata.event_type ?? '')}`,
        ),
      threadSummary(msg, opts),
    ),
  );
}

/**
 * The avatar: the post's `icon_emoji` when it set one (chat:write.customize), else the sender's initial.
 * An `icon_url` is not fetched (the page loads nothing from outside); its address is the tooltip.
 * @param {any} msg @param {string} name
 */
function avatar(msg, name) {
  const emoji = msg.iconEmoji ? emojify(String(msg.iconEmoji)) : '';
  const glyph = emoji && emoji !== msg.iconEmoji ? emoji : '';
  return h(
    'div',
    {
      class: glyph ? 'avatar emoji-avatar' : 'avatar',
      testid: 'avatar',
      style: glyph ? {} : { 'background-color': avatarColor(name) },
      title: msg.iconUrl ? String(msg.iconUrl) : msg.iconEmoji ? String(msg.iconEmoji) : undefined,
      'aria-hidden': 'true',
    },
    glyph || (name[0] ?? '?').toUpperCase(),
  );
}

/**
 * "replied to a thread: <root text>" above a broadcast reply in the channel, as Slack shows it; a click
 * opens the thread.
 * @param {any} msg @param {any} root @param {{ onOpenThread?: (ts: string) => void }} opts
 */
function broadcastContext(msg, root, opts) {
  const open = opts.onOpenThread;
  const rootText = root && !root.deleted ? String(root.text ?? '') : 'a deleted message';
  return h(
    'button',
    {
      type: 'button',
      class: 'broadcast-context',
      testid: 'broadcast-context',
      onclick: open ? () => open(msg.threadTs) : undefined,
    },
    'replied to a thread: ',
    h('span', { class: 'broadcast-root' }, rootText.length > 80 ? `${rootText.slice(0, 79)}…` : rootText),
  );
}

/** @param {any} msg @param {{ onOpenThread?: (ts: string) => void, lastReplyTs?: string }} opts */
function threadSummary(msg, opts) {
  const count = Number(msg.replyCount) || 0;
  if (count <= 0 || !opts.onOpenThread) return null;
  const open = opts.onOpenThread;
  return h(
    'button',
    { class: 'thread-link', testid: 'thread-link', type: 'button', onclick: () => open(msg.ts) },
    h(
      'span',
      { class: 'reply-count', testid: 'reply-count' },
      `${count} ${count === 1 ? 'reply' : 'replies'}`,
    ),
    opts.lastReplyTs &&
      h('span', { class: 'last-reply' }, `Last reply ${clockTime(tsToDate(opts.lastReplyTs))}`),
  );
}

/** @param {unknown} value */
function safeJson(value) {
  try {
    return JSON.stringify(value, null, 1) ?? '';
  } catch {
    return '';
  }
}

const GROUP_WINDOW_S = 5 * 60;

/**
 * Whether `msg` continues `prev` (same sender, within five minutes, neither deleted).
 * @param {any} prev
 * @param {any} msg
 * @param {MessageContext} ctx
 */
export function continues(prev, msg, ctx) {
  if (!prev || prev.deleted || msg.deleted) return false;
  const a = tsToDate(prev.ts);
  const b = tsToDate(msg.ts);
  if (!a || !b || b.getTime() - a.getTime() > GROUP_WINDOW_S * 1000) return false;
  return (
    prev.user === msg.user &&
    (prev.botId ?? '') === (msg.botId ?? '') &&
    ctx.senderName(prev).name === ctx.senderName(msg).name
  );
}
