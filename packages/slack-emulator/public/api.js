// The emulator's JSON control API and its Server-Sent Events stream.

const BASE = '/_emulator/';

/**
 * Calls the control API; rejects with the server's message on a non-2xx answer.
 * @param {string} path  relative to /_emulator/
 * @param {{ method?: string, body?: unknown }} [init]
 * @returns {Promise<any>}
 */
export async function api(path, init = {}) {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const res = await fetch(BASE + path, {
    method,
    // The emulator refuses a write (a body-less DELETE too) without this type: a foreign page cannot
    // send it without a CORS preflight, which the emulator never grants.
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  /** @type {any} */
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const message = data && typeof data === 'object' ? (data.error ?? data.message ?? res.statusText) : text;
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${message}`);
  }
  return data;
}

/**
 * Subscribes to `change` events. Bursts are coalesced: `onChanges` gets every event received during
 * the debounce window at once, so a burst of posts costs one refetch, not one per message.
 * @param {{ onChanges: (events: Array<{ type: string, channel?: string, ts?: string }>) => void,
 *           onStatus: (status: 'live' | 'connecting' | 'offline') => void, debounceMs?: number }} opts
 */
export function subscribe({ onChanges, onStatus, debounceMs = 120 }) {
  /** @type {Array<{ type: string, channel?: string, ts?: string }>} */
  let pending = [];
  let scheduled = false;
  let wasOpen = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length) onChanges(batch);
  };
  const push = (/** @type {{ type: string, channel?: string, ts?: string }} */ ev) => {
    pending.push(ev);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, debounceMs);
    }
  };
  onStatus('connecting');
  const source = new EventSource(`${BASE}events`);
  source.addEventListener('open', () => {
    onStatus('live');
    // After a reconnect we may have missed events: resync everything.
    if (wasOpen) push({ type: 'resync' });
    wasOpen = true;
  });
  source.addEventListener('error', () =>
    onStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'),
  );
  source.addEventListener('change', (e) => {
    try {
      const data = JSON.parse(/** @type {MessageEvent} */ (e).data);
      push(data && typeof data === 'object' ? data : { type: 'resync' });
    } catch {
      push({ type: 'resync' });
    }
  });
  return () => source.close();
}
