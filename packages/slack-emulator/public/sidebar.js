// The channel list: name, private lock, archived badge, unread and message counters.
import { cmpTs, h, replaceChildren } from './dom.js';
import { hashIcon, lockIcon } from './icons.js';

/**
 * @param {HTMLElement} list
 * @param {{ channels: any[], selected: string | null, lastRead: Map<string, string>, bot: any }} store
 * @param {(id: string) => void} select
 */
export function renderSidebar(list, store, select) {
  const channels = [...store.channels].sort(
    (a, b) => Number(a.isArchived) - Number(b.isArchived) || a.name.localeCompare(b.name),
  );
  replaceChildren(
    list,
    channels.map((ch) => {
      const top = ch.messages.filter(
        (/** @type {any} */ m) => !m.deleted && (!m.threadTs || m.threadTs === m.ts || m.broadcast),
      );
      const lastRead = store.lastRead.get(ch.id) ?? '0';
      const unread =
        ch.id === store.selected ? 0 : top.filter((/** @type {any} */ m) => cmpTs(m.ts, lastRead) > 0).length;
      const botMember = store.bot ? ch.members?.includes(store.bot.userId) : false;
      return h(
        'li',
        null,
        h(
          'button',
          {
            type: 'button',
            class: `channel-item${ch.id === store.selected ? ' selected' : ''}${unread ? ' unread' : ''}${ch.isArchived ? ' archived' : ''}`,
            testid: 'channel-item',
            dataset: { channelId: ch.id, channelName: ch.name },
            title: `${ch.id}${botMember ? ' · bot is a member' : ' · bot is not a member'}`,
            onclick: () => select(ch.id),
          },
          ch.isPrivate ? lockIcon('channel-lock') : hashIcon(),
          h('span', { class: 'channel-name', testid: 'channel-name' }, ch.name),
          ch.isArchived &&
            h('span', { class: 'badge archived-badge', testid: 'channel-archived' }, 'archived'),
          h('span', { class: 'spacer' }),
          unread > 0 &&
            h(
              'span',
              { class: 'badge unread-badge', testid: 'channel-unread', title: 'unread' },
              String(unread),
            ),
          h(
            'span',
            { class: 'message-count', testid: 'channel-count', title: 'messages' },
            String(top.length),
          ),
        ),
      );
    }),
  );
}
