import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { EmulatorControl } from './control.js';
import { EmulatorCore } from './core.js';
import { sendJson } from './http-util.js';
import type { AppOptions } from './interactivity/interaction-types.js';
import { allowedHostSet, checkHost } from './request-guard.js';
import { route } from './router.js';
import { SSE_PING_MS } from './sse.js';
import { PUBLIC_DIR } from './static-files.js';
import type { RateLimitOptions, WorkspaceSpec } from './types.js';
import { DEFAULT_BOT_SCOPES } from './workspace.js';

/** Options of `startSlackEmulator`. Every field is optional. */
export interface SlackEmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * Interface to bind. Requests are answered only when their `Host` header names a loopback address
   * (`127.0.0.1`, `localhost`, `[::1]`) with the emulator's port, this host when it is another interface,
   * or one of the machine's addresses when it is `0.0.0.0` / `::`; anything else gets 403.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * More `Host` values to answer (a Docker service name, a LAN name, a forwarded port):
   * `'name'` (with the emulator's port) or `'name:port'`. Each one is a name a web page could rebind.
   * @default []
   */
  allowedHosts?: string[];
  /** Seed of every generated id, token and fault probability draw. @default a random seed */
  seed?: number | string;
  /** @default { enabled: true, postMessage: { perSecond: 1, burst: 3 }, tiers: { t1: 1, t2: 20, t3: 50, t4: 100 }, scale: 1 } */
  rateLimits?: RateLimitOptions;
  /** Initial workspace. @default a team, the bot, alice and bob, and `#general` */
  workspace?: WorkspaceSpec;
  /** Scopes of the default bot token. @default our app manifest's scopes (`DEFAULT_BOT_SCOPES`) */
  botScopes?: string[];
  /** Clock in epoch ms (message ts and log times). @default Date.now */
  now?: () => number;
  /** chat.postMessage truncates longer `text` with a warning. @default 40000 */
  maxTextLength?: number;
  /** Folder served at `/` and `/static/`. @default the package's `public/` folder */
  publicDir?: string | URL;
  /** Interval of the `: ping` comments on `GET /_emulator/events`. @default 15000 */
  ssePingMs?: number;
  /**
   * The installed Slack app (interactivity): signing secret, request URL, app-level token, verification
   * token, ack timeout. Also changeable later with `control.interactivity.setApp` / `POST /_emulator/app`.
   * @default generated secret and tokens from the seed, no request URL, 3000 ms
   */
  app?: AppOptions;
}

/** A running emulator. */
export interface SlackEmulator {
  /** The web page, e.g. `http://127.0.0.1:3700/`. */
  url: string;
  /** What `WebClient`'s `slackApiUrl` takes, ending in `/api/`. */
  apiUrl: string;
  /** The default bot token (`xoxb-…`) with `botScopes`. */
  botToken: string;
  /** The app-level token (`xapp-…`, `connections:write`) for Socket Mode clients. */
  appToken: string;
  /** The app's signing secret (what an HTTP receiver verifies `X-Slack-Signature` with). */
  signingSecret: string;
  port: number;
  control: EmulatorControl;
  /** Stops the server, dropping open (hanging, SSE) connections. */
  close(): Promise<void>;
}

function resolvePublicDir(dir: string | URL | undefined): URL {
  if (dir === undefined) return PUBLIC_DIR;
  const url = typeof dir === 'string' ? pathToFileURL(dir) : dir;
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}

/** Starts a Slack Web API emulator on loopback. */
export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const host = options.host ?? '127.0.0.1';
  allowedHostSet(host, 0, options.allowedHosts ?? []); // throws on a malformed entry, before binding
  const core = new EmulatorCore({
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 32),
    workspace: options.workspace ?? {},
    botScopes: options.botScopes ?? DEFAULT_BOT_SCOPES,
    rateLimits: options.rateLimits ?? {},
    now: options.now ?? Date.now,
    maxTextLength: options.maxTextLength ?? 40_000,
    app: options.app ?? {},
  });
  const publicDir = resolvePublicDir(options.publicDir);
  let baseUrl = '';
  const control = new EmulatorControl(core, () => baseUrl);
  // Filled in once the port is known; no request is accepted before `listen` calls back.
  let allowedHosts: ReadonlySet<string> = new Set();
  const ssePingMs = options.ssePingMs ?? SSE_PING_MS;
  const server = createServer((req, res) => {
    route({ core, control, publicDir, ssePingMs, allowedHosts }, req, res).catch((err: unknown) => {
      sendJson(res, 500, { ok: false, error: 'internal_error', detail: String(err) });
    });
  });
  server.on('upgrade', (req, socket, head) => {
    // Same Host rule as every path; the Socket Mode URL's one-time ticket does the rest.
    if (!checkHost(allowedHosts, req) && core.socket.handleUpgrade(req, socket, head)) return;
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (socket) => {
    const stats = core.connections;
    stats.open += 1;
    stats.peak = Math.max(stats.peak, stats.open);
    socket.once('close', () => {
      stats.open -= 1;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostSet(host, port, options.allowedHosts ?? []);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${shownHost}:${port}/`;
  core.socketModeUrl = () => core.socket.issueUrl(baseUrl);
  return {
    url: baseUrl,
    apiUrl: `${baseUrl}api/`,
    get botToken() {
      return core.ws.botToken;
    },
    get appToken() {
      return core.interactivity.app.appToken;
    },
    get signingSecret() {
      return core.interactivity.app.signingSecret;
    },
    port,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        core.socket.close();
      }),
  };
}
