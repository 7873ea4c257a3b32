import type { EmulatorCore } from '../core.js';
import { deliverByHttp } from './deliver-interaction.js';
import type { InteractionRecord } from './interaction-types.js';
import { formBody, slackSignature } from './slack-signature.js';
import type { SocketModeServer } from './socket-mode-server.js';

/**
 * A request to the app's request URL with chosen parts, for security tests (forged, stale, tampered,
 * replayed). What is not given is what Slack would send: signed with the app's secret, now.
 */
export interface ForgeOptions {
  /** Sent as `payload=<JSON>`. One of `payload`, `body` or `replay` is needed. */
  payload?: unknown;
  /** The exact body (wins over `payload`). */
  body?: string;
  /** Id of an earlier interaction sent by HTTP: its timestamp, signature and body are sent again as they were. */
  replay?: string;
  /** `X-Slack-Request-Timestamp`; null leaves the header out. @default now in seconds (the replayed one's) */
  timestamp?: string | number | null;
  /** Seconds added to now for the default timestamp (e.g. -301 for a stale request). @default 0 */
  timestampOffsetSec?: number;
  /** `X-Slack-Signature`; null leaves the header out. @default the correct signature (the replayed one's) */
  signature?: string | null;
  /** Key of the default signature. @default the app's signing secret */
  secret?: string;
  /** The body the default signature covers, when it should differ from the one sent (tampering). @default the body sent */
  signedBody?: string;
  /** @default 'application/x-www-form-urlencoded'; null leaves the header out */
  contentType?: string | null;
  /** More headers (win over the above). @default {} */
  headers?: Record<string, string>;
}

/** Sends a forged request and records how the app answered (`kind: 'forged_http'`). */
export function forgeRequest(core: EmulatorCore, opts: ForgeOptions): Promise<InteractionRecord> {
  const app = core.interactivity.app;
  const replayed = opts.replay === undefined ? undefined : core.interactivity.find(opts.replay);
  if (opts.replay !== undefined && !replayed?.request)
    throw new Error(`no HTTP request ${opts.replay} to replay`);
  const body = opts.body ?? (opts.payload !== undefined ? formBody(opts.payload) : replayed?.request?.body);
  if (body === undefined) throw new Error('forge needs payload, body or replay');
  const nowSec = Math.floor(core.ws.now() / 1000) + (opts.timestampOffsetSec ?? 0);
  const timestamp =
    opts.timestamp === null
      ? undefined
      : String(
          opts.timestamp ??
            (replayed?.request && opts.timestampOffsetSec === undefined
              ? replayed.request.timestamp
              : nowSec),
        );
  const signature =
    opts.signature === null
      ? undefined
      : (opts.signature ??
        (replayed?.request &&
        opts.secret === undefined &&
        opts.signedBody === undefined &&
        opts.timestamp === undefined &&
        opts.timestampOffsetSec === undefined
          ? replayed.request.signature
          : slackSignature(opts.secret ?? app.signingSecret, timestamp ?? '', opts.signedBody ?? body)));
  const headers: Record<string, string> = { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
  const type = opts.contentType === undefined ? 'application/x-www-form-urlencoded' : opts.contentType;
  if (type !== null) headers['content-type'] = type;
  if (timestamp !== undefined) headers['x-slack-request-timestamp'] = timestamp;
  if (signature !== undefined) headers['x-slack-signature'] = signature;
  Object.assign(headers, opts.headers ?? {});
  return deliverByHttp(core, body, { kind: 'forged_http' }, headers);
}

/** A frame to send to a Socket Mode client as is (a forged or odd envelope). */
export interface SocketFrameOptions {
  /** A JSON frame; when it carries `envelope_id` the ack is awaited (up to the ack timeout). */
  frame?: Record<string, unknown>;
  /** A raw text frame (wins over `frame`; no ack awaited). */
  raw?: string;
}

/** Sends one frame to one connected client and records the ack (`kind: 'forged_socket'`). */
export async function sendSocketFrame(
  core: EmulatorCore,
  socket: SocketModeServer,
  opts: SocketFrameOptions,
): Promise<InteractionRecord> {
  const state = core.interactivity;
  const at = core.ws.now();
  const envelopeId =
    opts.raw === undefined && typeof opts.frame?.['envelope_id'] === 'string'
      ? (opts.frame['envelope_id'] as string)
      : undefined;
  const frame = opts.raw ?? opts.frame;
  if (frame === undefined) throw new Error('socket frame needs frame or raw');
  const pending = socket.send(frame, envelopeId, state.app.ackTimeoutMs);
  const base = {
    kind: 'forged_socket' as const,
    at,
    via: 'socket' as const,
    ...(envelopeId ? { envelopeId } : {}),
  };
  if (!pending) return state.add({ ...base, outcome: 'no_receiver' });
  const ack = await pending;
  const outcome = envelopeId === undefined ? 'sent' : ack.acked ? 'acked' : 'timed_out';
  const record = state.add({
    ...base,
    outcome,
    connection: ack.connection,
    ...(ack.ackMs !== undefined ? { ackMs: ack.ackMs } : {}),
    ...(ack.hasPayload ? { ackPayload: ack.payload } : {}),
  });
  core.emit({ type: 'interaction' });
  return record;
}
