import type {
  AppConfig,
  AppPatch,
  ClickOptions,
  DisconnectReason,
  EphemeralMessage,
  ForgeOptions,
  InteractionRecord,
  ResponseUrlUse,
  SocketConnectionInfo,
  SocketFrameOptions,
} from '@backend-notifier/slack-emulator';

/** The emulator's interactivity control API over HTTP, for an emulator in another process. */
export interface EmulatorInteractivityClient {
  app(): Promise<AppConfig>;
  /** `requestUrl: null` removes the URL. */
  setApp(patch: AppPatch): Promise<AppConfig>;
  /** Resolves once the app acked or Slack's 3 s passed. */
  click(opts: ClickOptions): Promise<InteractionRecord>;
  forge(opts: ForgeOptions): Promise<InteractionRecord>;
  sendSocketFrame(opts: SocketFrameOptions): Promise<InteractionRecord>;
  interactions(): Promise<InteractionRecord[]>;
  responses(): Promise<ResponseUrlUse[]>;
  ephemerals(filter?: { user?: string; channel?: string }): Promise<EphemeralMessage[]>;
  socketConnections(): Promise<SocketConnectionInfo[]>;
  /** @returns how many connections were told */
  disconnectSocket(reason?: DisconnectReason, connection?: string): Promise<number>;
}

/** Talks to `<pageUrl>_emulator/…` (the page URL the bin prints); throws with the emulator's error on a non-2xx answer. */
export function emulatorInteractivity(pageUrl: string): EmulatorInteractivityClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(`_emulator/${path}`, pageUrl), {
      method,
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: ${res.status} ${json.error}`);
    return json;
  };
  type One = { interaction: InteractionRecord };
  return {
    app: async () => (await call<{ app: AppConfig }>('GET', 'app')).app,
    setApp: async (patch) => (await call<{ app: AppConfig }>('POST', 'app', patch)).app,
    click: async (opts) => (await call<One>('POST', 'interactions/click', opts)).interaction,
    forge: async (opts) => (await call<One>('POST', 'interactions/forge', opts)).interaction,
    sendSocketFrame: async (opts) => (await call<One>('POST', 'socket/frames', opts)).interaction,
    interactions: async () =>
      (await call<{ interactions: InteractionRecord[] }>('GET', 'interactions')).interactions,
    responses: async () => (await call<{ responses: ResponseUrlUse[] }>('GET', 'responses')).responses,
    ephemerals: async (filter = {}) => {
      const q = new URLSearchParams(
        Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      return (await call<{ ephemerals: EphemeralMessage[] }>('GET', `ephemerals?${q}`)).ephemerals;
    },
    socketConnections: async () =>
      (await call<{ connections: SocketConnectionInfo[] }>('GET', 'socket')).connections,
    disconnectSocket: async (reason = 'refresh_requested', connection) =>
      (
        await call<{ told: number }>('POST', 'socket/disconnect', {
          reason,
          ...(connection ? { connection } : {}),
        })
      ).told,
  };
}
