import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApiCall } from './api-handler.js';
import type { EmulatorControl } from './control.js';
import { handleControlApi } from './control-api.js';
import type { EmulatorCore } from './core.js';
import { sendJson, sendText } from './http-util.js';
import { handleResponseUrl } from './interactivity/response-url.js';
import { checkControlWrite, checkHost } from './request-guard.js';
import { serveStatic } from './static-files.js';
import { handleWebhook } from './webhooks.js';

/** Everything a request handler needs. */
export interface RouterDeps {
  core: EmulatorCore;
  control: EmulatorControl;
  /** Folder of the web page. */
  publicDir: URL;
  /** Interval of SSE keep-alive comments. */
  ssePingMs: number;
  /** `host:port` values the `Host` header may carry (see `allowedHostSet`). */
  allowedHosts: ReadonlySet<string>;
}

/**
 * Routes a request: `/api/*`, `/_emulator/*`, `/actions/*` (response_url), `/services/*`, `/`, `/static/*`. Every path first passes the
 * `Host` check (the Web API too: the bot token is what a rebinding page would be after); control-API
 * writes also pass the origin and content-type check.
 */
export async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const hostRefusal = checkHost(deps.allowedHosts, req);
  if (hostRefusal) return refuse(res, hostRefusal);
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const path = url.pathname;
  if (path.startsWith('/api/')) {
    if (req.method !== 'POST' && req.method !== 'GET') return sendText(res, 405, 'method not allowed');
    return handleApiCall(deps.core, req, res, decodeURIComponent(path.slice(5)), url);
  }
  if (path.startsWith('/_emulator/')) {
    const writeRefusal = checkControlWrite(req);
    if (writeRefusal) return refuse(res, writeRefusal);
    return handleControlApi(deps, req, res, path.slice('/_emulator/'.length), url);
  }
  if (path.startsWith('/actions/'))
    return handleResponseUrl(deps.core, req, res, path.slice('/actions/'.length));
  if (path.startsWith('/services/'))
    return handleWebhook(deps.core, req, res, path.slice('/services/'.length));
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
  if (path === '/' || path === '/index.html') return serveStatic(res, 'index.html', deps.publicDir);
  if (path.startsWith('/static/')) return serveStatic(res, path.slice('/static/'.length), deps.publicDir);
  return sendText(res, 404, 'not found');
}

function refuse(res: ServerResponse, r: { status: number; error: string; detail: string }): void {
  // The request body is never read: close the connection rather than drain what a foreign page sent.
  sendJson(res, r.status, { ok: false, error: r.error, detail: r.detail }, { connection: 'close' });
}
