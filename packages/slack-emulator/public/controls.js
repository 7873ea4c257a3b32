// The fault-injection and workspace controls. Every button maps to one control API call; the page
// then refreshes from the server's answer (and the SSE events), never from local guesses.
import { api } from './api.js';
import { h, replaceChildren } from './dom.js';

/**
 * @param {{ root: HTMLElement, store: any, refreshAll: () => Promise<void>, selectedChannel: () => any }} deps
 */
export function createControls({ root, store, refreshAll, selectedChannel }) {
  const q = (/** @type {string} */ id) => /** @type {any} */ (root.querySelector(`[data-testid="${id}"]`));
  const statusEl = q('control-status');

  /** @param {string} text @param {boolean} [isError] */
  const status = (text, isError = false) => {
    statusEl.textContent = text;
    statusEl.classList.toggle('error', isError);
  };

  /** Runs a control call, reports the outcome, then resyncs. @param {string} label @param {() => Promise<unknown>} fn */
  const run = async (label, fn) => {
    try {
      await fn();
      status(`✓ ${label}`);
    } catch (err) {
      status(`✗ ${label}: ${/** @type {Error} */ (err).message}`, true);
    }
    await refreshAll();
  };

  /** The common part of every fault: method, how many calls, which channel. */
  const scope = () => {
    const times = Number.parseInt(q('fault-times').value, 10);
    const ch = selectedChannel();
    return {
      method: q('fault-method').value,
      ...(Number.isFinite(times) && times > 0 ? { times } : {}),
      ...(q('fault-channel-only').checked && ch ? { channel: ch.id } : {}),
    };
  };
  const describe = (/** @type {any} */ spec) =>
    `${spec.method}${spec.channel ? ` in #${channelName(spec.channel)}` : ''}, ${spec.times ? `next ${spec.times}` : 'every'} call${spec.times === 1 ? '' : 's'}`;
  const addFault = (/** @type {any} */ action, /** @type {string} */ what) => {
    const spec = { ...scope(), action };
    return run(`${what} for ${describe(spec)}`, () => api('faults', { body: spec }));
  };
  const channelName = (/** @type {string} */ id) =>
    store.channels.find((/** @type {any} */ c) => c.id === id)?.name ?? id;

  q('fault-ratelimit').addEventListener('click', () => {
    const raw = q('fault-retry-after').value.trim();
    const retryAfter = raw === '' ? null : Math.max(0, Number.parseInt(raw, 10) || 0);
    void addFault({ type: 'ratelimit', retryAfter }, `429 (Retry-After ${retryAfter ?? 'omitted'})`);
  });
  q('fault-http').addEventListener('click', () => {
    const statusCode = Number.parseInt(q('fault-http-status').value, 10);
    void addFault({ type: 'http', status: statusCode }, `HTTP ${statusCode}`);
  });
  q('fault-error').addEventListener('click', () => {
    const error = q('fault-error-code').value;
    void addFault({ type: 'error', error }, `error ${error}`);
  });
  q('fault-network-add').addEventListener('click', () => {
    const choice = q('fault-network').value;
    /** @type {Record<string, any>} */
    const actions = {
      delay: { type: 'delay', ms: 2000 },
      delay10: { type: 'delay', ms: 10_000 },
      hang: { type: 'hang' },
      reset: { type: 'reset' },
      non_json: { type: 'non_json' },
    };
    void addFault(actions[choice] ?? actions.delay, choice);
  });
  q('clear-faults').addEventListener(
    'click',
    () => void run('faults cleared', () => api('faults', { method: 'DELETE' })),
  );
  q('reset-emulator').addEventListener(
    'click',
    () => void run('emulator reset', () => api('reset', { body: {} })),
  );

  q('archive-channel').addEventListener('click', () => {
    const ch = selectedChannel();
    if (!ch) return;
    const verb = ch.isArchived ? 'unarchive' : 'archive';
    void run(`#${ch.name} ${verb}d`, () =>
      api(`channels/${encodeURIComponent(ch.id)}/${verb}`, { body: {} }),
    );
  });
  q('remove-bot').addEventListener('click', () => {
    const ch = selectedChannel();
    if (!ch) return;
    const member = Boolean(store.bot && ch.members?.includes(store.bot.userId));
    const action = member ? 'remove-bot' : 'add-bot';
    const label = member ? `bot removed from #${ch.name}` : `bot added to #${ch.name}`;
    void run(label, () => api(`channels/${encodeURIComponent(ch.id)}/${action}`, { body: {} }));
  });
  q('revoke-token').addEventListener('click', () => {
    // The control API does not hand out the default bot token, so unless the state carries it the
    // revocation is emulated as a token_revoked fault on every method (same answer to clients).
    if (store.botToken) {
      void run('bot token revoked', () => api('tokens/revoke', { body: { token: store.botToken } }));
    } else {
      void run('bot token revoked (token_revoked on every call until faults are cleared)', () =>
        api('faults', { body: { method: '*', action: { type: 'error', error: 'token_revoked' } } }),
      );
    }
  });
  q('rate-limits-enabled').addEventListener('change', () => {
    const enabled = Boolean(q('rate-limits-enabled').checked);
    void run(`rate limits ${enabled ? 'on' : 'off'}`, () => api('rate-limits', { body: { enabled } }));
  });
  q('create-channel').addEventListener('submit', (/** @type {Event} */ e) => {
    e.preventDefault();
    const name = q('new-channel-name').value.trim();
    if (!name) return;
    const isPrivate = q('new-channel-private').checked;
    void run(`#${name} created`, async () => {
      await api('channels', { body: { name, isPrivate } });
      q('new-channel-name').value = '';
    });
  });

  /** Reflects the selected channel and the active faults. */
  const update = () => {
    const ch = selectedChannel();
    const archive = q('archive-channel');
    archive.textContent = ch ? `${ch.isArchived ? 'Unarchive' : 'Archive'} #${ch.name}` : 'Archive channel';
    archive.disabled = !ch || ch.isGeneral === true;
    const member = Boolean(ch && store.bot && ch.members?.includes(store.bot.userId));
    const remove = q('remove-bot');
    remove.textContent = ch ? `${member ? 'Remove bot from' : 'Add bot to'} #${ch.name}` : 'Remove bot';
    remove.disabled = !ch;
    const limits = store.rateLimits;
    q('rate-limits-enabled').checked = Boolean(limits?.enabled);
    q('rate-limits-summary').textContent = limits?.postMessage
      ? `(chat.postMessage ${limits.postMessage.perSecond * (limits.scale ?? 1)}/s per channel, burst ${limits.postMessage.burst})`
      : '';
    q('fault-channel-label').textContent = ch ? `only #${ch.name}` : 'only this channel';
    renderFaults();
  };

  const renderFaults = () => {
    const list = q('fault-list');
    const faults = Array.isArray(store.faults) ? store.faults : [];
    replaceChildren(
      list,
      faults.length === 0 && h('li', { class: 'muted' }, 'No active faults'),
      faults.map((/** @type {any} */ f) =>
        h(
          'li',
          { class: 'fault-item', testid: 'fault-item', dataset: { faultId: f.id } },
          h('span', { class: 'fault-action' }, actionLabel(f.action)),
          h(
            'span',
            { class: 'fault-scope' },
            [
              ` ${f.method === '*' ? 'all methods' : f.method}${f.channel ? ` in #${channelName(f.channel)}` : ''}`,
              typeof f.probability === 'number' && f.probability < 1
                ? `${Math.round(f.probability * 100)}% of calls`
                : '',
              `${f.remaining ?? '∞'} left`,
              `${f.hits ?? 0} hit${f.hits === 1 ? '' : 's'}`,
            ]
              .filter(Boolean)
              .join(' · '),
          ),
          h('button', {
            type: 'button',
            class: 'link',
            title: 'Remove this fault',
            text: '×',
            onclick: () =>
              void run('fault removed', () =>
                api(`faults/${encodeURIComponent(f.id)}`, { method: 'DELETE' }),
              ),
          }),
        ),
      ),
    );
  };

  return { update, status };
}

/** @param {any} action */
function actionLabel(action) {
  switch (action?.type) {
    case 'error':
      return action.error;
    case 'ratelimit':
      return `429 Retry-After ${action.retryAfter ?? '–'}`;
    case 'http':
      return `HTTP ${action.status}`;
    case 'delay':
      return `delay ${action.ms} ms`;
    case 'hang':
      return action.ms ? `hang ${action.ms} ms` : 'hang';
    default:
      return String(action?.type ?? '?');
  }
}
