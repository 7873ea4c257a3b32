import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body-parser.js';
import type { EmulatorControl } from './control.js';
import { sendJson } from './http-util.js';
import { INTERACTIVITY_ROUTES } from './interactivity/interactivity-routes.js';
import type { RouterDeps } from './router.js';
import { handleEvents } from './sse.js';
import type { FaultSpec, RateLimitOptions, TokenKind, WorkspaceSpec } from './types.js';

type Json = Record<string, unknown>;
type Handler = (control: EmulatorControl, body: Json, params: string[], url: URL) => unknown;

const TOKEN_ACTIONS: Record<string, (c: EmulatorControl, token: string) => void> = {
  revoke: (c, t) => c.revokeToken(t),
  expire: (c, t) => c.expireToken(t),
  delete: (c, t) => c.deleteToken(t),
  inactive: (c, t) => c.setTokenInactive(t),
};

const CHANNEL_ACTIONS: Record<string, (c: EmulatorControl, ref: string, body: Json) => void> = {
  archive: (c, ref) => c.archiveChannel(ref),
  unarchive: (c, ref) => c.unarchiveChannel(ref),
  delete: (c, ref) => c.deleteChannel(ref),
  rename: (c, ref, body) => c.renameChannel(ref, String(body['name'] ?? '')),
  'remove-bot': (c, ref) => c.removeBot(ref),
  'add-bot': (c, ref) => c.addBot(ref),
};

function state(c: EmulatorControl): Json {
  const info = c.info();
  return {
    team: { id: info.teamId, name: info.teamName, domain: info.domain },
    bot: info.bot,
    // The emulator's own fake token: the page's "revoke bot token" control needs it.
    botToken: c.botToken(),
    users: info.users,
    channels: c.channels().map((ch) => ({ ...ch, messages: c.messages(ch.id) })),
    faults: c.faults(),
    rateLimits: c.rateLimits(),
    // Each shown only to its `user` on the page; the app's secrets stay in GET /_emulator/app.
    ephemerals: c.interactivity.ephemerals(),
    interactivity: {
      requestUrl: c.interactivity.app().requestUrl ?? null,
      socketConnections: c.interactivity.socketConnections().length,
    },
  };
}

// [method, pattern, handler]; `:x` segments become params.
const ROUTES: Array<[string, string, Handler]> = [
  ['POST', 'reset', (c) => c.reset()],
  ['POST', 'seed', (c, body) => c.seed((body['workspace'] ?? body) as WorkspaceSpec)],
  ['GET', 'state', (c) => state(c)],
  [
    'POST',
    'tokens',
    (c, body) => ({
      token: c.createToken({
        scopes: Array.isArray(body['scopes']) ? (body['scopes'] as string[]) : [],
        kind: (body['kind'] as TokenKind | undefined) ?? 'bot',
        ...(typeof body['userId'] === 'string' ? { userId: body['userId'] } : {}),
      }),
    }),
  ],
  [
    'POST',
    'tokens/:action',
    (c, body, [action]) => {
      const fn = TOKEN_ACTIONS[action ?? ''];
      if (!fn) throw new NotFound();
      fn(c, String(body['token'] ?? ''));
    },
  ],
  ['GET', 'channels', (c) => ({ channels: c.channels() })],
  [
    'POST',
    'channels',
    (c, body) => ({
      channel: c.createChannel({
        name: String(body['name'] ?? ''),
        isPrivate: body['isPrivate'] === true,
        archived: body['archived'] === true,
        botMember: body['botMember'] === true,
      }),
    }),
  ],
  [
    'GET',
    'channels/:ref/messages',
    (c, _b, [ref]) => {
      if (!c.channel(ref ?? '')) throw new NotFound();
      return { messages: c.messages(ref ?? '') };
    },
  ],
  [
    'POST',
    'channels/:ref/:action',
    (c, body, [ref, action]) => {
      const fn = CHANNEL_ACTIONS[action ?? ''];
      if (!fn) throw new NotFound();
      fn(c, ref ?? '', body);
    },
  ],
  ['GET', 'faults', (c) => ({ faults: c.faults() })],
  ['POST', 'faults', (c, body) => ({ id: c.addFault(body as unknown as FaultSpec) })],
  ['DELETE', 'faults', (c) => c.clearFaults()],
  [
    'DELETE',
    'faults/:id',
    (c, _b, [id]) => {
      if (!c.removeFault(id ?? '')) throw new NotFound();
    },
  ],
  [
    'GET',
    'requests',
    (c, _b, _p, url) => {
      const since = url.searchParams.get('since');
      return { requests: c.requestLog(since === null ? undefined : Number(since)) };
    },
  ],
  ['DELETE', 'requests', (c) => c.clearRequestLog()],
  ['GET', 'rate-limits', (c) => ({ rateLimits: c.rateLimits() })],
  [
    'POST',
    'rate-limits',
    (c, body) => {
      c.setRateLimits(body as RateLimitOptions);
      return { rateLimits: c.rateLimits() };
    },
  ],
  [
    'POST',
    'webhooks',
    (c, body) => ({
      url: c.createWebhook(
        String(body['channel'] ?? ''),
        typeof body['path'] === 'string' ? { path: body['path'] } : {},
      ),
    }),
  ],
  ['GET', 'connections', (c) => ({ connections: c.connections() })],
  ...INTERACTIVITY_ROUTES,
];

class NotFound extends Error {}

function matchRoute(method: string, path: string): { handler: Handler; params: string[] } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (const [m, pattern, handler] of ROUTES) {
    if (m !== method) continue;
    const pp = pattern.split('/');
    if (pp.length !== parts.length) continue;
    const params: string[] = [];
    if (
      pp.every((seg, i) =>
        seg.startsWith(':') ? params.push(decodeURIComponent(parts[i] ?? '')) > 0 : seg === parts[i],
      )
    ) {
      return { handler, params };
    }
  }
  return undefined;
}

/** The HTTP control API under `/_emulator/` (JSON in and out). */
export async function handleControlApi(
  deps: RouterDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
): Promise<void> {
  if (req.method === 'GET' && path === 'events') return handleEvents(deps.core, req, res, deps.ssePingMs);
  const route = matchRoute(req.method ?? 'GET', path);
  if (!route) return sendJson(res, 404, { ok: false, error: 'not_found' });
  let body: Json = {};
  const raw = await readBody(req);
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_json' });
    }
  }
  try {
    // Clicks and forged requests answer once the app has (or the ack timeout passed).
    const result = await route.handler(deps.control, body ?? {}, route.params, url);
    sendJson(res, 200, { ok: true, ...((result as Json | undefined) ?? {}) });
  } catch (err) {
    if (err instanceof NotFound) return sendJson(res, 404, { ok: false, error: 'not_found' });
    sendJson(res, 400, { ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}
