// The request log: every Web API call the emulator answered, newest first, fetched incrementally.
import { api } from './api.js';
import { h, replaceChildren } from './dom.js';

const MAX_ROWS = 500;

/**
 * @param {{ table: HTMLElement, clearButton: HTMLElement, store: any }} deps
 */
export function createRequestLog({ table, clearButton, store }) {
  /** @type {any[]} newest first */
  let entries = [];
  let lastSeq = -1;
  let chain = Promise.resolve();
  let queued = false;
  const tbody = /** @type {HTMLElement} */ (table.querySelector('tbody'));

  /** Fetches what is new since the last entry we have (coalescing overlapping calls). */
  const refresh = () => {
    if (queued) return chain;
    queued = true;
    chain = chain
      .then(async () => {
        queued = false;
        const data = await api(lastSeq >= 0 ? `requests?since=${lastSeq}` : 'requests');
        const list = (Array.isArray(data) ? data : (data?.requests ?? [])).filter(
          (/** @type {any} */ e) => typeof e?.seq === 'number' && e.seq > lastSeq,
        );
        if (list.length === 0) return;
        list.sort((/** @type {any} */ a, /** @type {any} */ b) => b.seq - a.seq);
        lastSeq = list[0].seq;
        entries = [...list, ...entries].slice(0, MAX_ROWS);
        render();
      })
      .catch(() => {
        queued = false;
      });
    return chain;
  };

  /** Drops what we have and fetches the whole log again (after a reset or reconnect). */
  const reload = () => {
    // Queued behind any fetch in flight, so an older answer cannot refill the table afterwards.
    chain = chain.then(() => {
      entries = [];
      lastSeq = -1;
      render();
    });
    queued = false;
    return refresh();
  };

  clearButton.addEventListener('click', async () => {
    await api('requests', { method: 'DELETE' }).catch(() => undefined);
    await reload();
  });

  const channelLabel = (/** @type {string | undefined} */ id) => {
    if (!id) return '';
    const name = store.channels.find((/** @type {any} */ c) => c.id === id)?.name;
    return name ? `#${name}` : id;
  };

  const render = () => {
    replaceChildren(
      tbody,
      entries.length === 0 && h('tr', null, h('td', { class: 'muted', colspan: '5' }, 'No requests yet')),
      entries.map((e) =>
        h(
          'tr',
          { testid: 'request-row', class: e.outcome === 'ok' ? 'ok' : 'fail', dataset: { seq: e.seq } },
          h('td', { testid: 'req-time', title: `${new Date(e.at).toISOString()}${took(e)}` }, timeOf(e.at)),
          h('td', { testid: 'req-method', title: String(e.method ?? '') }, String(e.method ?? '')),
          h('td', { testid: 'req-channel', title: e.channel ?? '' }, channelLabel(e.channel)),
          h(
            'td',
            null,
            h(
              'span',
              {
                testid: 'req-outcome',
                class: `outcome ${outcomeClass(e.outcome)}`,
                title: `HTTP ${e.status}${e.token ? ` · token ${e.token}` : ''}${e.text ? ` · ${String(e.text).slice(0, 200)}` : ''}`,
              },
              String(e.outcome ?? ''),
            ),
          ),
          h('td', { testid: 'req-ts', class: 'mono', title: e.ts ?? '' }, e.ts ?? ''),
        ),
      ),
    );
  };
  render();
  return { refresh, reload };
}

/** @param {number} at */
function timeOf(at) {
  const d = new Date(at);
  const pad = (/** @type {number} */ n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** @param {any} e */
function took(e) {
  return typeof e.doneAt === 'number' && e.doneAt >= e.at ? ` · answered in ${e.doneAt - e.at} ms` : '';
}

/** @param {string} outcome */
function outcomeClass(outcome) {
  if (outcome === 'ok') return 'ok';
  if (outcome === 'ratelimited' || outcome === 'hang') return 'warn';
  return 'bad';
}
