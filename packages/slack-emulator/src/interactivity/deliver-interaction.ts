import type { EmulatorCore } from '../core.js';
import { postRaw } from './http-post.js';
import type { InteractionRecord } from './interaction-types.js';
import { formBody, slackSignature } from './slack-signature.js';
import type { SocketModeServer } from './socket-mode-server.js';

/** How a payload may travel: `auto` = Socket Mode when a client is connected, else HTTP. */
export type DeliveryRoute = 'auto' | 'socket' | 'http';

type Fields = Omit<InteractionRecord, 'id' | 'at' | 'via' | 'outcome'>;

/** Sends an interaction payload the way Slack does and records how the app answered. */
export async function deliverInteraction(
  core: EmulatorCore,
  socket: SocketModeServer,
  payload: Record<string, unknown>,
  route: DeliveryRoute,
  fields: Fields,
): Promise<InteractionRecord> {
  const viaSocket = route === 'socket' || (route === 'auto' && socket.connected);
  if (viaSocket) return deliverBySocket(core, socket, payload, fields);
  return deliverByHttp(core, formBody(payload), fields);
}

function changed(core: EmulatorCore): void {
  core.emit({ type: 'interaction' });
}

async function deliverBySocket(
  core: EmulatorCore,
  socket: SocketModeServer,
  payload: Record<string, unknown>,
  fields: Fields,
): Promise<InteractionRecord> {
  const state = core.interactivity;
  const envelopeId = crypto.randomUUID();
  const at = core.ws.now();
  let record: InteractionRecord | undefined;
  const pending = socket.send(
    { envelope_id: envelopeId, type: 'interactive', payload, accepts_response_payload: false },
    envelopeId,
    state.app.ackTimeoutMs,
    (ms, ackPayload) => {
      if (!record) return;
      record.lateMs = ms;
      if (ackPayload !== undefined) record.ackPayload = ackPayload;
      changed(core);
    },
  );
  if (!pending) {
    record = state.add({ ...fields, at, via: 'socket', outcome: 'no_receiver', envelopeId });
    changed(core);
    return record;
  }
  const ack = await pending;
  record = state.add({
    ...fields,
    at,
    via: 'socket',
    outcome: ack.acked ? 'acked' : 'timed_out',
    envelopeId,
    connection: ack.connection,
    ...(ack.ackMs !== undefined ? { ackMs: ack.ackMs } : {}),
    ...(ack.hasPayload ? { ackPayload: ack.payload } : {}),
  });
  changed(core);
  return record;
}

/** The headers Slack sends with a signed interactivity POST. */
export function signedHeaders(secret: string, timestamp: string, body: string): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': slackSignature(secret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}

/** POSTs a signed `payload=` form to the request URL; `headers` replaces the signed set (forgeries). */
export async function deliverByHttp(
  core: EmulatorCore,
  body: string,
  fields: Fields,
  headers?: Record<string, string>,
): Promise<InteractionRecord> {
  const state = core.interactivity;
  const at = core.ws.now();
  const url = state.app.requestUrl;
  if (!url) {
    const record = state.add({ ...fields, at, via: 'none', outcome: 'no_receiver' });
    changed(core);
    return record;
  }
  const timestamp = String(Math.floor(at / 1000));
  const sent = headers ?? signedHeaders(state.app.signingSecret, timestamp, body);
  const request = {
    timestamp: sent['x-slack-request-timestamp'] ?? '',
    signature: sent['x-slack-signature'] ?? '',
    body,
  };
  const limit = state.app.ackTimeoutMs;
  const { early, done } = postRaw(url, sent, body, limit);
  const first = await early;
  const base = { ...fields, at, via: 'http' as const, request };
  if (first === undefined || first.ms > limit) {
    const record = state.add({ ...base, outcome: 'timed_out' });
    changed(core);
    void done.then((late) => {
      record.lateMs = late.ms;
      if (late.status !== undefined) record.status = late.status;
      if (late.body !== undefined) record.ackBody = late.body;
      if (late.error !== undefined) record.error = late.error;
      changed(core);
    });
    return record;
  }
  if (first.error !== undefined) {
    const record = state.add({ ...base, outcome: 'failed', error: first.error, ackMs: first.ms });
    changed(core);
    return record;
  }
  const status = first.status ?? 0;
  const record = state.add({
    ...base,
    outcome: status >= 200 && status < 300 ? 'acked' : 'refused',
    status,
    ackMs: first.ms,
    ackBody: first.body ?? '',
  });
  changed(core);
  return record;
}
