import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApiCall } from './api-handler.js';
import type { EmulatorControl } from './control.js';
import { handleControlApi } from './control-api.js';
import type { EmulatorCore } from './core.js';
import { sendText } from './http-util.js';
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
}

/** Routes a request: `/api/*`, `/_emulator/*`, `/services/*`, `/`, `/static/*`. */
export async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const path = url.pathname;
  if (path.startsWith('/api/')) {
    if (req.method !== 'POST' && req.method !== 'GET') return sendText(res, 405, 'method not allowed');
    return handleApiCall(deps.core, req, res, decodeURIComponent(path.slice(5)), url);
  }
  if (path.startsWith('/_emulator/'))
    return handleControlApi(deps, req, res, path.slice('/_emulator/'.length), url);
  if (path.startsWith('/services/'))
    return handleWebhook(deps.core, req, res, path.slice('/services/'.length));
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
  if (path === '/' || path === '/index.html') return serveStatic(res, 'index.html', deps.publicDir);
  if (path.startsWith('/static/')) return serveStatic(res, path.slice('/static/'.length), deps.publicDir);
  return sendText(res, 404, 'not found');
}
