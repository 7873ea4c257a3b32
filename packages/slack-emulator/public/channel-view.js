// The selected channel (header + message list) and the thread pane.
import { cmpTs, h, replaceChildren } from './dom.js';
import { hashIcon, lockIcon } from './icons.js';
import { continues, renderMessage } from './message.js';

/** Rendering thousands of nodes on every live update would stall the page during bursts. */
const MAX_SHOWN = 300;

/**
 * @param {HTMLElement} header
 * @param {HTMLElement} list
 * @param {any} ch
 * @param {{ ctx: any, openThread: (ts: string) => void, ephemerals?: any[] }} opts
 *   `ephemerals`: the ones the viewer ("You are") sees in this channel, shown among the messages by ts.
 */
export function renderChannelView(header, list, ch, { ctx, openThread, ephemerals = [] }) {
  if (!ch) {
    replaceChildren(header, h('div', { class: 'channel-title' }, 'No channel'));
    replaceChildren(list, h('div', { class: 'empty' }, 'The workspace has no channels.'));
    return;
  }
  const members = ch.members ?? [];
  const top = ch.messages.filter((/** @type {any} */ m) => isTop(m) && (!m.deleted || m.replyCount > 0));
  const byTs = new Map(ch.messages.map((/** @type {any} */ m) => [m.ts, m]));
  const lastReply = lastReplies(ch.messages);
  replaceChildren(
    header,
    h(
      'div',
      { class: 'channel-title', testid: 'channel-title' },
      ch.isPrivate ? lockIcon() : hashIcon(),
      h('span', null, ch.name),
      ch.isArchived &&
        h('span', { class: 'badge archived-badge', testid: 'channel-title-archived' }, 'archived'),
    ),
    h(
      'div',
      { class: 'channel-meta' },
      h('span', { title: 'channel id' }, ch.id),
      h('span', null, `${members.length} member${members.length === 1 ? '' : 's'}`),
      h(
        'span',
        { class: botMember(ch, ctx) ? 'ok' : 'warn', testid: 'bot-membership' },
        botMember(ch, ctx) ? 'bot is a member' : 'bot is not a member',
      ),
      h('span', null, `${top.length} message${top.length === 1 ? '' : 's'}`),
    ),
  );
  const shown = top.slice(-MAX_SHOWN);
  replaceChildren(
    list,
    top.length > shown.length &&
      h('div', { class: 'older' }, `${top.length - shown.length} older messages not shown`),
    shown.length === 0 &&
      h('div', { class: 'empty', testid: 'empty-channel' }, `No messages in #${ch.name} yet.`),
    withEphemerals(shown, ephemerals).map(
      (/** @type {any} */ m, /** @type {number} */ i, /** @type {any[]} */ all) =>
        m.ephemeral
          ? renderMessage(m, ctx, { testid: 'ephemeral' })
          : renderMessage(m, ctx, {
              onOpenThread: openThread,
              lastReplyTs: lastReply.get(m.ts),
              // A broadcast reply keeps its header, so its "replied to a thread" line reads under a name.
              continued: i > 0 && !m.broadcast && !all[i - 1].ephemeral && continues(all[i - 1], m, ctx),
              ...(m.broadcast ? { broadcastRoot: byTs.get(m.threadTs) ?? null } : {}),
            }),
    ),
    ch.isArchived &&
      h(
        'div',
        { class: 'archived-banner', testid: 'archived-banner' },
        `You are viewing #${ch.name}, an archived channel.`,
      ),
  );
}

/**
 * @param {HTMLElement} pane
 * @param {any} ch
 * @param {string | null} threadTs
 * @param {{ ctx: any, close: () => void }} opts
 */
export function renderThreadPane(pane, ch, threadTs, { ctx, close }) {
  const parent = threadTs && ch ? ch.messages.find((/** @type {any} */ m) => m.ts === threadTs) : undefined;
  pane.hidden = !parent;
  document.body.classList.toggle('thread-open', Boolean(parent));
  if (!parent) {
    pane.replaceChildren();
    return;
  }
  const replies = ch.messages.filter(
    (/** @type {any} */ m) => m.threadTs === threadTs && m.ts !== threadTs && !m.deleted,
  );
  replaceChildren(
    pane,
    h(
      'header',
      { class: 'thread-header' },
      h('div', null, h('strong', null, 'Thread'), h('span', { class: 'thread-channel' }, ` #${ch.name}`)),
      h(
        'button',
        { type: 'button', class: 'close', testid: 'thread-close', title: 'Close', onclick: close },
        '×',
      ),
    ),
    h(
      'div',
      { class: 'thread-body' },
      renderMessage({ ...parent, replyCount: 0 }, ctx, { testid: 'thread-parent' }),
      h(
        'div',
        { class: 'thread-divider', testid: 'thread-divider' },
        `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`,
      ),
      replies.map((/** @type {any} */ m, /** @type {number} */ i) =>
        renderMessage(m, ctx, {
          testid: 'thread-reply',
          continued: i > 0 && continues(replies[i - 1], m, ctx),
          alsoSent: Boolean(m.broadcast),
        }),
      ),
    ),
  );
}

/**
 * Messages and the viewer's ephemerals in ts order (ephemerals older than the oldest shown message
 * are left out with it).
 * @param {any[]} shown @param {any[]} ephemerals
 */
function withEphemerals(shown, ephemerals) {
  if (ephemerals.length === 0) return shown;
  const oldest = shown[0]?.ts ?? '0';
  const extra = ephemerals
    .filter((e) => !e.deleted && cmpTs(e.ts, oldest) >= 0)
    .map((e) => ({ ...e, ephemeral: true, replyCount: 0 }));
  return [...shown, ...extra].sort((a, b) => cmpTs(a.ts, b.ts));
}

/** Shown in the channel: top level, or a thread reply broadcast to it ("Also send to #channel"). @param {any} m */
function isTop(m) {
  return !m.threadTs || m.threadTs === m.ts || Boolean(m.broadcast);
}

/** @param {any} ch @param {any} ctx */
function botMember(ch, ctx) {
  const bot = ctx.botUserId?.();
  return Boolean(bot && ch.members?.includes(bot));
}

/** @param {any[]} messages */
function lastReplies(messages) {
  /** @type {Map<string, string>} */
  const map = new Map();
  for (const m of messages) if (m.threadTs && m.threadTs !== m.ts && !m.deleted) map.set(m.threadTs, m.ts);
  return map;
}
