import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { IdGenerator } from '../ids.js';
import type { SocketConnectionInfo } from './interaction-types.js';

/** The reasons Slack gives in a `disconnect` frame. */
export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled' | 'too_many_websockets';

/** Slack's cap on connections per app. */
export const MAX_CONNECTIONS = 10;
/** A `apps.connections.open` URL must be used within this. */
const TICKET_TTL_MS = 60_000;
/** After a `disconnect` frame the emulator closes the socket itself if the client has not. */
const DISCONNECT_GRACE_MS = 5_000;

interface Conn {
  info: SocketConnectionInfo;
  socket: WebSocket;
}

/** An envelope's ack, or its absence. */
export interface AckResult {
  acked: boolean;
  ackMs?: number;
  payload?: unknown;
  hasPayload: boolean;
  connection: string;
}

interface Pending {
  sentAt: number;
  resolve: (r: AckResult) => void;
  connection: string;
  timer: NodeJS.Timeout;
  done: boolean;
  onLate?: (ms: number, payload: unknown) => void;
}

/**
 * The Socket Mode side: one-time `ws://…/link/?ticket=…` URLs from `apps.connections.open`, `hello` on
 * connect, envelopes to one open connection each (round robin), acks matched by `envelope_id`,
 * `disconnect` frames on demand.
 */
export class SocketModeServer {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  readonly #tickets = new Map<string, number>();
  readonly #conns: Conn[] = [];
  readonly #pending = new Map<string, Pending>();
  readonly #ids: IdGenerator;
  readonly #now: () => number;
  readonly #appId: () => string;
  #next = 0;
  #counter = 0;
  #onChange: () => void;

  constructor(ids: IdGenerator, now: () => number, appId: () => string, onChange: () => void) {
    this.#ids = ids;
    this.#now = now;
    this.#appId = appId;
    this.#onChange = onChange;
  }

  /** A new one-time WebSocket URL on `baseUrl` (`http://host:port/`). */
  issueUrl(baseUrl: string): string {
    const ticket = this.#ids.secret(32);
    this.#tickets.set(ticket, this.#now() + TICKET_TTL_MS);
    const ws = baseUrl.replace(/^http/, 'ws');
    return `${ws}link/?ticket=${ticket}&app_id=${this.#appId()}`;
  }

  /** Handles an HTTP upgrade on `/link/`; false when the path is not ours (caller refuses it). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    if (url.pathname !== '/link/' && url.pathname !== '/link') return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    const expires = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    if (expires === undefined || expires < this.#now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return true;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    return true;
  }

  #accept(socket: WebSocket): void {
    if (this.#conns.length >= MAX_CONNECTIONS) {
      socket.send(JSON.stringify(disconnectFrame('too_many_websockets')));
      socket.close(1008, 'too_many_websockets');
      return;
    }
    this.#counter += 1;
    const conn: Conn = {
      socket,
      info: { id: `conn_${this.#counter}`, connectedAt: this.#now(), envelopes: 0, acks: 0 },
    };
    this.#conns.push(conn);
    socket.on('message', (data) => this.#onFrame(conn, String(data)));
    socket.on('close', () => {
      const i = this.#conns.indexOf(conn);
      if (i >= 0) this.#conns.splice(i, 1);
      this.#onChange();
    });
    socket.on('error', () => socket.terminate());
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#conns.length,
        debug_info: {
          host: `applink-emulator-${this.#counter}`,
          build_number: 1,
          approximate_connection_time: 18060,
        },
        connection_info: { app_id: this.#appId() },
      }),
    );
    this.#onChange();
  }

  #onFrame(conn: Conn, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    const f = frame as Record<string, unknown>;
    const id = typeof f['envelope_id'] === 'string' ? f['envelope_id'] : undefined;
    const pending = id ? this.#pending.get(id) : undefined;
    if (!id || !pending) return;
    conn.info.acks += 1;
    const ms = Math.round(performance.now() - pending.sentAt);
    const hasPayload = Object.hasOwn(f, 'payload');
    if (pending.done) {
      this.#pending.delete(id);
      pending.onLate?.(ms, f['payload']);
      return;
    }
    pending.done = true;
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    pending.resolve({
      acked: true,
      ackMs: ms,
      hasPayload,
      ...(hasPayload ? { payload: f['payload'] } : {}),
      connection: pending.connection,
    });
  }

  /** Open connections now. */
  connections(): SocketConnectionInfo[] {
    return this.#conns.map((c) => ({ ...c.info }));
  }

  get connected(): boolean {
    return this.#conns.some((c) => c.socket.readyState === c.socket.OPEN);
  }

  /**
   * Sends `frame` (an envelope: it must carry `envelope_id`) to one open connection and waits up to
   * `timeoutMs` for its ack. Undefined when no connection is open.
   */
  send(
    frame: Record<string, unknown> | string,
    envelopeId: string | undefined,
    timeoutMs: number,
    onLate?: (ms: number, payload: unknown) => void,
  ): Promise<AckResult> | undefined {
    const open = this.#conns.filter((c) => c.socket.readyState === c.socket.OPEN);
    if (open.length === 0) return undefined;
    const conn = open[this.#next % open.length] as Conn;
    this.#next += 1;
    conn.info.envelopes += 1;
    const connection = conn.info.id;
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    if (!envelopeId) {
      conn.socket.send(text);
      return Promise.resolve({ acked: false, hasPayload: false, connection });
    }
    return new Promise<AckResult>((resolve) => {
      const timer = setTimeout(() => {
        const p = this.#pending.get(envelopeId);
        if (p) p.done = true;
        // Kept a while so a late ack is still recorded, then forgotten.
        setTimeout(() => this.#pending.delete(envelopeId), 60_000).unref();
        resolve({ acked: false, hasPayload: false, connection });
      }, timeoutMs);
      timer.unref();
      this.#pending.set(envelopeId, {
        sentAt: performance.now(),
        resolve,
        connection,
        timer,
        done: false,
        ...(onLate ? { onLate } : {}),
      });
      conn.socket.send(text);
    });
  }

  /**
   * Sends `disconnect` with `reason` to every open connection (or the one named); the emulator closes
   * each socket itself if the client has not within 5 s. @returns how many were told
   */
  disconnect(reason: DisconnectReason, connection?: string): number {
    const targets = this.#conns.filter((c) => connection === undefined || c.info.id === connection);
    for (const c of targets) {
      c.socket.send(JSON.stringify(disconnectFrame(reason)));
      setTimeout(() => {
        if (c.socket.readyState === c.socket.OPEN) c.socket.close(1001, reason);
      }, DISCONNECT_GRACE_MS).unref();
    }
    return targets.length;
  }

  /** Drops every connection at once (emulator close). */
  close(): void {
    for (const c of [...this.#conns]) c.socket.terminate();
    this.#wss.close();
  }
}

function disconnectFrame(reason: DisconnectReason): Record<string, unknown> {
  return { type: 'disconnect', reason, debug_info: { host: 'applink-emulator' } };
}
