import type { EmulatorControl } from '../control.js';
import type { ClickOptions } from './click-button.js';
import type { DeliveryRoute } from './deliver-interaction.js';
import type { ForgeOptions, SocketFrameOptions } from './forge-request.js';
import type { AppPatch } from './interactivity-control.js';
import type { DisconnectReason } from './socket-mode-server.js';

type Json = Record<string, unknown>;
type Handler = (control: EmulatorControl, body: Json, params: string[], url: URL) => unknown;

const ROUTES_VIA = new Set<DeliveryRoute>(['auto', 'socket', 'http']);
const REASONS = new Set<DisconnectReason>([
  'refresh_requested',
  'warning',
  'link_disabled',
  'too_many_websockets',
]);

function text(body: Json, key: string, required: boolean): string | undefined {
  const v = body[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') throw new Error(`${key} must be a non-empty string`);
  return v;
}

function clickOptions(body: Json): ClickOptions {
  const via = body['via'];
  if (via !== undefined && !ROUTES_VIA.has(via as DeliveryRoute))
    throw new Error('via must be auto, socket or http');
  const blockId = text(body, 'blockId', false);
  const user = text(body, 'user', false);
  return {
    channel: text(body, 'channel', true) as string,
    ts: text(body, 'ts', true) as string,
    actionId: text(body, 'actionId', true) as string,
    ...(blockId ? { blockId } : {}),
    ...(user ? { user } : {}),
    ...(via ? { via: via as DeliveryRoute } : {}),
  };
}

/** The control API's interactivity routes (`[method, pattern, handler]`, as in control-api.ts). */
export const INTERACTIVITY_ROUTES: Array<[string, string, Handler]> = [
  ['GET', 'app', (c) => ({ app: c.interactivity.app() })],
  ['POST', 'app', (c, body) => ({ app: c.interactivity.setApp(body as AppPatch) })],
  ['GET', 'interactions', (c) => ({ interactions: c.interactivity.interactions() })],
  ['DELETE', 'interactions', (c) => c.interactivity.clear()],
  [
    'POST',
    'interactions/click',
    async (c, body) => ({ interaction: await c.interactivity.click(clickOptions(body)) }),
  ],
  [
    'POST',
    'interactions/forge',
    async (c, body) => ({ interaction: await c.interactivity.forge(body as ForgeOptions) }),
  ],
  ['GET', 'responses', (c) => ({ responses: c.interactivity.responses() })],
  [
    'GET',
    'ephemerals',
    (c, _b, _p, url) => {
      const user = url.searchParams.get('user');
      const channel = url.searchParams.get('channel');
      return {
        ephemerals: c.interactivity.ephemerals({
          ...(user ? { user } : {}),
          ...(channel ? { channel } : {}),
        }),
      };
    },
  ],
  ['GET', 'socket', (c) => ({ connections: c.interactivity.socketConnections() })],
  [
    'POST',
    'socket/disconnect',
    (c, body) => {
      const reason = (body['reason'] ?? 'refresh_requested') as DisconnectReason;
      if (!REASONS.has(reason)) throw new Error(`reason must be one of ${[...REASONS].join(', ')}`);
      const connection = text(body, 'connection', false);
      return { told: c.interactivity.disconnectSocket(reason, connection) };
    },
  ],
  [
    'POST',
    'socket/frames',
    async (c, body) => ({ interaction: await c.interactivity.sendSocketFrame(body as SocketFrameOptions) }),
  ],
];
