import type { EmulatorCore } from '../core.js';
import { type ClickOptions, clickButton } from './click-button.js';
import {
  type ForgeOptions,
  forgeRequest,
  type SocketFrameOptions,
  sendSocketFrame,
} from './forge-request.js';
import type {
  AppConfig,
  AppOptions,
  EphemeralMessage,
  InteractionRecord,
  ResponseUrlUse,
  SocketConnectionInfo,
} from './interaction-types.js';
import type { DisconnectReason } from './socket-mode-server.js';

/** A change to the app settings; `requestUrl: null` removes the request URL. */
export type AppPatch = Omit<AppOptions, 'requestUrl'> & { requestUrl?: string | null };

/** Drives interactivity from tests: the app's settings, clicks, Socket Mode, forged requests. */
export class InteractivityControl {
  #core: EmulatorCore;
  #baseUrl: () => string;

  constructor(core: EmulatorCore, baseUrl: () => string) {
    this.#core = core;
    this.#baseUrl = baseUrl;
  }

  /** The installed app: app id, signing secret, request URL, app token, verification token, ack timeout. */
  app(): AppConfig {
    return { ...this.#core.interactivity.app };
  }

  /** Changes the app's settings (a new app token replaces the old one, which then gets `invalid_auth`). */
  setApp(patch: AppPatch): AppConfig {
    this.#core.interactivity.update(this.#core.ws, patch);
    return this.app();
  }

  /**
   * Clicks a button of a message as a workspace user: the `block_actions` payload goes by Socket Mode
   * when a client is connected, else signed by HTTP to the request URL. Resolves once the app acked
   * or the ack timeout (3 s) passed; the record says which.
   */
  click(opts: ClickOptions): Promise<InteractionRecord> {
    return clickButton(this.#core, this.#core.socket, this.#baseUrl(), opts);
  }

  /** Sends a request to the request URL with chosen signature, timestamp, body (security tests). */
  forge(opts: ForgeOptions): Promise<InteractionRecord> {
    return forgeRequest(this.#core, opts);
  }

  /** Sends one frame as is to a connected Socket Mode client. */
  sendSocketFrame(opts: SocketFrameOptions): Promise<InteractionRecord> {
    return sendSocketFrame(this.#core, this.#core.socket, opts);
  }

  /** Every payload sent so far (clicks and forgeries), oldest first. */
  interactions(): InteractionRecord[] {
    return structuredClone(this.#core.interactivity.records);
  }

  /** Every `response_url` POST and what it did. */
  responses(): ResponseUrlUse[] {
    return structuredClone(this.#core.interactivity.responseUses);
  }

  /** Ephemeral messages, optionally only those `user` sees and/or in `channel` (id or name). */
  ephemerals(filter: { user?: string; channel?: string } = {}): EphemeralMessage[] {
    const ws = this.#core.ws;
    const channel =
      filter.channel === undefined ? undefined : (ws.findChannel(filter.channel, true)?.id ?? '');
    return structuredClone(
      ws.ephemerals.filter(
        (e) =>
          (filter.user === undefined || e.user === filter.user) &&
          (channel === undefined || e.channel === channel),
      ),
    );
  }

  /** Open Socket Mode connections. */
  socketConnections(): SocketConnectionInfo[] {
    return this.#core.socket.connections();
  }

  /** Sends Slack's `disconnect` frame to every connection (or one). @returns how many were told */
  disconnectSocket(reason: DisconnectReason = 'refresh_requested', connection?: string): number {
    return this.#core.socket.disconnect(reason, connection);
  }

  /** Forgets interactions, response URLs and their uses. */
  clear(): void {
    this.#core.interactivity.clear();
  }
}
