// One message as Slack lays it out: avatar, sender, time, body (blocks win over text, as in Slack),
// attachments, "(edited)" and the thread summary.
import { renderAttachments, renderBlocks } from './blocks.js';
import { avatarColor, clockTime, fullTime, h, tsToDate } from './dom.js';
import { renderMrkdwn } from './mrkdwn.js';

/**
 * @typedef {import('./mrkdwn.js').RenderContext & {
 *   senderName: (msg: any) => { name: string, isBot: boolean },
 * }} MessageContext
 */

/**
 * @param {any} msg  a Message from the control API
 * @param {MessageContext} ctx
 * @param {{ onOpenThread?: (ts: string) => void, lastReplyTs?: string, testid?: string, continued?: boolean }} [opts]
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
  const content = hasBlocks
    ? [renderBlocks(msg.blocks, ctx), edited]
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
    opts.continued
      ? h('div', { class: 'gutter' }, time)
      : h(
          'div',
          { class: 'avatar', style: { 'background-color': avatarColor(sender.name) }, 'aria-hidden': 'true' },
          (sender.name[0] ?? '?').toUpperCase(),
        ),
    h(
      'div',
      { class: 'message-body' },
      !opts.continued &&
        h(
          'div',
          { class: 'message-header' },
          h('span', { class: 'sender', testid: 'message-sender' }, sender.name),
          sender.isBot && h('span', { class: 'app-badge' }, 'APP'),
          time,
        ),
      content,
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
