import http from 'node:http';
import https from 'node:https';

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** Aborting it ends every request in flight, fails every later one at once and destroys the sockets. */
  signal: AbortSignal;
  /** Sockets per origin (the client's request concurrency). @default 10 */
  maxSockets?: number;
}

// Statuses whose Response may not carry a body (the Response constructor throws for them).
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The `fetch` the notifier's `WebClient` uses: `node:http(s)` through agents of its own, so the notifier owns
 * its sockets. `@slack/web-api` 8 has no agent or abort option, only a `fetch` one, and the global `fetch`
 * pools its sockets out of reach. Owning them gives the process-lifetime rules:
 *
 * - A request in flight does not keep the process alive by itself (its socket is unref'd): whoever waits on
 *   the notifier (`flush`, `close`, an awaited receipt, `start`, `health`) holds the process instead, and a
 *   script that ends without waiting reaches `'beforeExit'` at once, even while Slack hangs.
 * - `signal` (close) aborts what is in flight and destroys the agents: no socket is left behind.
 *
 * The response body is read here, within the request's own abort, and handed to the SDK as a buffered
 * `Response` (Slack's answers are small JSON). Redirects are not followed (the SDK asks for
 * `redirect: 'error'`; a 3xx reaches it as a non-200 status). A multipart body (file uploads, which the
 * notifier never makes) goes through the global `fetch`.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions): typeof fetch {
  const { signal, maxSockets = 10 } = options;
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets }),
  };
  const live = new Set<AbortController>();
  signal.addEventListener(
    'abort',
    () => {
      for (const controller of live) controller.abort(signal.reason);
      agents.http.destroy();
      agents.https.destroy();
    },
    { once: true },
  );

  return async (input, init = {}) => {
    if (signal.aborted) throw signal.reason;
    if (typeof FormData !== 'undefined' && init.body instanceof FormData) return fetch(input, init);
    const controller = new AbortController();
    const timeout = init.signal;
    const relay = () => controller.abort(timeout?.reason);
    if (timeout?.aborted) relay();
    timeout?.addEventListener('abort', relay, { once: true });
    live.add(controller);
    try {
      return await request(
        String(input instanceof Request ? input.url : input),
        init,
        controller.signal,
        agents,
      );
    } finally {
      live.delete(controller);
      timeout?.removeEventListener('abort', relay);
    }
  };
}

function request(
  href: string,
  init: RequestInit,
  signal: AbortSignal,
  agents: { http: http.Agent; https: https.Agent },
): Promise<Response> {
  const url = new URL(href);
  const secure = url.protocol === 'https:';
  const headers = new Headers(init.headers);
  const body = init.body === undefined || init.body === null ? undefined : String(init.body);
  if (body !== undefined && !headers.has('content-length'))
    headers.set('content-length', String(Buffer.byteLength(body)));
  return new Promise<Response>((resolve, reject) => {
    const fail = (error: unknown) => reject(signal.aborted ? abortError(signal) : error);
    const req = (secure ? https : http).request(
      url,
      {
        method: init.method ?? 'GET',
        headers: Object.fromEntries(headers),
        agent: secure ? agents.https : agents.http,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          // As `fetch` with `redirect: 'error'` (what the SDK asks for): a redirect is a network error.
          if (init.redirect === 'error' && REDIRECTS.has(status) && res.headers.location !== undefined) {
            fail(new TypeError('fetch failed', { cause: new Error('unexpected redirect') }));
            return;
          }
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) out.append(name, v);
            else if (value !== undefined) out.set(name, value);
          }
          try {
            resolve(
              new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: out,
              }),
            );
          } catch (error) {
            fail(error); // a status the Response type refuses (1xx): the SDK reports it as a request error
          }
        });
        res.on('close', () => {
          if (!res.complete)
            fail(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' }));
        });
      },
    );
    // The request alone does not hold the process: a waiter on the notifier does (see above).
    req.on('socket', (socket) => socket.unref());
    req.on('error', fail);
    req.end(body);
  });
}

/** The abort as `fetch` reports it: the signal's reason (the SDK's `TimeoutError`, or close's `AbortError`). */
function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
