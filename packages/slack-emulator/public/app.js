// Entry point: holds the page state, fetches it from the control API and keeps it live over SSE.
import { api, subscribe } from './api.js';
import { renderChannelView, renderThreadPane } from './channel-view.js';
import { createControls } from './controls.js';
import { cmpTs } from './dom.js';
import { createRequestLog } from './request-log.js';
import { renderSidebar } from './sidebar.js';

/** @typedef {{ id: string, name: string, isPrivate: boolean, isArchived: boolean, members: string[], messages: any[] }} ChannelState */

const $ = (/** @type {string} */ id) =>
  /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${id}"]`));

const store = {
  /** @type {any} */ team: null,
  /** @type {{ userId: string, botId: string, name: string } | null} */ bot: null,
  /** @type {Map<string, string>} */ users: new Map(),
  /** @type {ChannelState[]} */ channels: [],
  /** @type {any[]} */ faults: [],
  /** @type {any} */ rateLimits: null,
  /** @type {string | null} */ selected: decodeURIComponent(location.hash.slice(1)) || null,
  /** @type {string | null} */ thread: null,
  /** Newest top-level ts the viewer has seen, per channel (drives the unread badges). @type {Map<string, string>} */
  lastRead: new Map(),
  loaded: false,
  /** @type {string | null} */ botToken: null,
  /** The workspace's human users, in order (the "You are" picker). @type {Array<{ id: string, name: string }>} */
  userList: [],
  /** Who the page acts as: clicks are sent as this user, and their ephemerals shown. @type {string | null} */
  viewer: sessionStorage.getItem('emulator-viewer'),
  /** @type {any[]} */ ephemerals: [],
};

/** A message of the channel itself: top level, or a thread reply broadcast to the channel. @param {any} m */
const isTopLevel = (m) => !m.threadTs || m.threadTs === m.ts || Boolean(m.broadcast);

/** @param {ChannelState} ch */
function latestTopTs(ch) {
  let latest = '0';
  for (const m of ch.messages) if (isTopLevel(m) && cmpTs(m.ts, latest) > 0) latest = m.ts;
  return latest;
}

/** Render context shared by all message renderers. */
const ctx = {
  userName: (/** @type {string} */ id) =>
    store.bot && id === store.bot.userId ? store.bot.name : store.users.get(id),
  channelName: (/** @type {string} */ id) => store.channels.find((c) => c.id === id)?.name,
  openChannel: (/** @type {string} */ id) => selectChannel(id),
  botUserId: () => store.bot?.userId,
  onButton: (/** @type {any} */ msg, /** @type {any} */ el, /** @type {string} */ blockId) =>
    void clickButton(msg, el, blockId),
  senderName: (/** @type {any} */ msg) => {
    // A name set with chat:write.customize is what Slack shows, still with the APP badge.
    if (msg.username) return { name: msg.username, isBot: true };
    if (store.bot && (msg.user === store.bot.userId || (msg.botId && msg.botId === store.bot.botId))) {
      return { name: store.bot.name, isBot: true };
    }
    return { name: store.users.get(msg.user) ?? msg.user ?? 'unknown', isBot: Boolean(msg.botId) };
  },
};

/**
 * Sends the click to the emulator, which delivers the payload to the app as the viewer and answers
 * once the app acked (or Slack's 3 s passed).
 * @param {any} msg @param {any} el @param {string} blockId
 */
async function clickButton(msg, el, blockId) {
  const ch = selectedChannel();
  if (!ch || !store.viewer) return;
  const label = String(el.text?.text ?? el.action_id ?? 'button');
  controls.status(`Clicking "${label}" as ${store.users.get(store.viewer) ?? store.viewer}…`);
  try {
    const res = await api('interactions/click', {
      body: { channel: ch.id, ts: msg.ts, actionId: String(el.action_id ?? ''), blockId, user: store.viewer },
    });
    const i = res?.interaction ?? {};
    const how = i.outcome === 'acked' ? `acked in ${i.ackMs} ms` : String(i.outcome);
    controls.status(`"${label}" sent by ${i.via}: ${how}`, i.outcome !== 'acked');
  } catch (err) {
    controls.status(String(/** @type {Error} */ (err)?.message ?? err), true);
  }
}

/** Fills the "You are" picker with the workspace's users. */
function renderViewerPicker() {
  const select = /** @type {HTMLSelectElement} */ ($('you-are'));
  // Rebuilt only when the users change, so a live update does not close an open picker.
  const key = JSON.stringify(store.userList);
  if (select.dataset.users === key) {
    select.value = store.viewer ?? '';
    return;
  }
  select.dataset.users = key;
  const options = store.userList.map((u) => {
    const option = document.createElement('option');
    option.value = u.id;
    option.textContent = u.name;
    return option;
  });
  select.replaceChildren(...options);
  select.value = store.viewer ?? '';
}

$('you-are').addEventListener('change', (e) => {
  store.viewer = /** @type {HTMLSelectElement} */ (e.target).value;
  sessionStorage.setItem('emulator-viewer', store.viewer);
  render();
});

/** The viewer's ephemerals in `ch`, as messages from the app. @param {ChannelState | undefined} ch */
function viewerEphemerals(ch) {
  if (!ch || !store.viewer) return [];
  return store.ephemerals
    .filter((e) => e.channel === ch.id && e.user === store.viewer)
    .map((e) => ({ ...e, user: store.bot?.userId, botId: store.bot?.botId }));
}

/** @param {string} id */
function selectChannel(id) {
  const ch = store.channels.find((c) => c.id === id || c.name === id);
  if (!ch) return;
  if (store.selected !== ch.id) store.thread = null;
  store.selected = ch.id;
  history.replaceState(null, '', `#${ch.id}`);
  render({ scrollToBottom: true });
}

/** @param {string | null} ts */
function openThread(ts) {
  store.thread = ts;
  render();
}

/** @returns {ChannelState | undefined} */
function selectedChannel() {
  return store.channels.find((c) => c.id === store.selected);
}

/** Applies a full `GET /_emulator/state` answer. */
function applyState(/** @type {any} */ data) {
  store.team = data.team ?? null;
  store.bot = data.bot ?? null;
  store.botToken = data.botToken ?? data.bot?.token ?? null;
  if (Array.isArray(data.users)) {
    store.users = new Map(data.users.map((/** @type {any} */ u) => [u.id, u.name]));
    store.userList = data.users.map((/** @type {any} */ u) => ({ id: String(u.id), name: String(u.name) }));
    if (!store.viewer || !store.users.has(store.viewer)) store.viewer = store.userList[0]?.id ?? null;
  }
  store.ephemerals = Array.isArray(data.ephemerals) ? data.ephemerals : [];
  store.channels = (data.channels ?? []).map((/** @type {any} */ c) => ({
    ...c,
    messages: c.messages ?? [],
  }));
  store.faults = data.faults ?? [];
  store.rateLimits = data.rateLimits ?? null;
  for (const ch of store.channels) {
    // Messages present when the page opens count as read; channels created later start unread.
    if (!store.lastRead.has(ch.id)) store.lastRead.set(ch.id, store.loaded ? '0' : latestTopTs(ch));
  }
  if (!store.selected || !store.channels.some((c) => c.id === store.selected || c.name === store.selected)) {
    store.selected = defaultChannel();
  } else {
    store.selected =
      store.channels.find((c) => c.id === store.selected || c.name === store.selected)?.id ?? null;
  }
  store.loaded = true;
}

/** The channel with the newest message, else #general, else the first one. */
function defaultChannel() {
  let best = null;
  let bestTs = '0';
  for (const ch of store.channels) {
    const ts = latestTopTs(ch);
    if (cmpTs(ts, bestTs) > 0) [best, bestTs] = [ch.id, ts];
  }
  return best ?? store.channels.find((c) => c.name === 'general')?.id ?? store.channels[0]?.id ?? null;
}

const messagesEl = () => $('messages');

/** @param {{ scrollToBottom?: boolean }} [opts] */
function render(opts = {}) {
  const el = messagesEl();
  const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
  const before = el.scrollTop;
  const ch = selectedChannel();
  if (ch) store.lastRead.set(ch.id, latestTopTs(ch));
  renderSidebar($('channel-list'), store, selectChannel);
  $('workspace-name').textContent = store.team?.name ?? store.team?.teamName ?? 'Slack emulator';
  renderViewerPicker();
  renderChannelView($('channel-header'), el, ch, { ctx, openThread, ephemerals: viewerEphemerals(ch) });
  renderThreadPane($('thread-pane'), ch, store.thread, { ctx, close: () => openThread(null) });
  controls.update();
  const unread = document.querySelectorAll('[data-testid="channel-unread"]').length;
  document.title = `${unread ? `(${unread}) ` : ''}${ch ? `#${ch.name} · ` : ''}Slack emulator`;
  el.scrollTop = opts.scrollToBottom || atBottom ? el.scrollHeight : before;
}

// One fetch loop: work requested while a fetch is in flight is merged and done once afterwards, so
// a burst of changes costs a few fetches and an older answer never overwrites a newer one.
let wantFull = false;
/** @type {Set<string>} */
const wantChannels = new Set();
/** @type {Promise<void> | null} */
let loop = null;

/** @param {boolean} full @param {string[]} [ids] */
function schedule(full, ids = []) {
  wantFull ||= full;
  for (const id of ids) wantChannels.add(id);
  loop ??= runLoop().finally(() => {
    loop = null;
  });
  return loop;
}

async function runLoop() {
  while (wantFull || wantChannels.size) {
    const full = wantFull;
    try {
      if (full) {
        wantFull = false;
        wantChannels.clear();
        applyState(await api('state'));
      } else {
        const ids = [...wantChannels];
        wantChannels.clear();
        const answers = await Promise.all(
          ids.map((id) => api(`channels/${encodeURIComponent(id)}/messages`)),
        );
        ids.forEach((id, i) => {
          const ch = store.channels.find((c) => c.id === id);
          const data = answers[i];
          if (ch) ch.messages = Array.isArray(data) ? data : (data?.messages ?? []);
        });
      }
      render();
    } catch (err) {
      controls.status(String(/** @type {Error} */ (err)?.message ?? err), true);
      // A channel that vanished between the event and the fetch: resync everything once.
      if (!full && String(err).includes('404')) wantFull = true;
      else break;
    }
  }
}

/** Refetches the whole state (resolves once the page shows it). */
function refreshAll() {
  return schedule(true);
}

const controls = createControls({ root: $('controls'), store, refreshAll, selectedChannel });
const requestLog = createRequestLog({ table: $('request-log'), clearButton: $('clear-log'), store });

subscribe({
  onStatus: (status) => {
    const el = $('live-status');
    el.textContent = status === 'live' ? 'live' : status === 'connecting' ? 'connecting…' : 'offline';
    el.dataset.status = status;
  },
  onChanges: (events) => {
    let full = false;
    let log = false;
    /** @type {Set<string>} */
    const dirty = new Set();
    for (const ev of events) {
      if (ev.type === 'request') log = true;
      else if (
        ev.type.startsWith('message') &&
        ev.channel &&
        store.channels.some((c) => c.id === ev.channel)
      ) {
        dirty.add(ev.channel);
      } else full = true;
      if (ev.type === 'reset') {
        // Ids restart from the seed after a reset: per-channel read marks would point at new channels.
        store.lastRead.clear();
        store.thread = null;
        store.loaded = false;
      }
      if (ev.type === 'reset' || ev.type === 'resync') void requestLog.reload();
    }
    if (full || dirty.size) void schedule(full, [...dirty]);
    if (log) void requestLog.refresh();
  },
});

void refreshAll();
void requestLog.refresh();
