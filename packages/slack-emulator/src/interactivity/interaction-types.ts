/** The Slack app the emulated workspace has installed: what interactivity needs. Every field is optional. */
export interface AppOptions {
  /** Key of the `X-Slack-Signature` HMAC on HTTP deliveries. @default 32 hex characters from the seed */
  signingSecret?: string;
  /**
   * The app's interactivity Request URL: clicks go there by HTTP POST when no Socket Mode client is
   * connected. @default none (a click with no Socket Mode client and no URL is recorded `no_receiver`)
   */
  requestUrl?: string;
  /** The app-level token (`xapp-…`, scope `connections:write`) for `apps.connections.open`. @default generated from the seed */
  appToken?: string;
  /** The deprecated verification token sent as `token` in payloads. @default generated from the seed */
  verificationToken?: string;
  /** How long Slack waits for the app's acknowledgement. @default 3000 */
  ackTimeoutMs?: number;
}

/** The app configuration as it stands (control view). */
export interface AppConfig {
  appId: string;
  signingSecret: string;
  requestUrl?: string;
  appToken: string;
  verificationToken: string;
  ackTimeoutMs: number;
}

/**
 * How a delivery ended: `acked` (HTTP 2xx or a Socket Mode ack within the ack timeout), `timed_out`
 * (nothing within it: Slack shows the user an error), `refused` (HTTP non-2xx within it), `failed`
 * (connection error), `no_receiver` (no Socket Mode client and no request URL), `sent` (a forged frame
 * without `envelope_id`: nothing to wait for).
 */
export type InteractionOutcome = 'acked' | 'timed_out' | 'refused' | 'failed' | 'no_receiver' | 'sent';

/** One interaction payload sent to the app (a click, or a forged request / frame from the control API). */
export interface InteractionRecord {
  /** `I1`, `I2`, … in send order. */
  id: string;
  /** Epoch ms when it was sent. */
  at: number;
  /** `block_actions` for clicks; `forged_http` / `forged_socket` for control-API requests. */
  kind: 'block_actions' | 'forged_http' | 'forged_socket';
  via: 'socket' | 'http' | 'none';
  outcome: InteractionOutcome;
  /** ms from sending to the ack / answer (absent when timed out before any). */
  ackMs?: number;
  /** HTTP status of the app's answer (also when it came after the timeout). */
  status?: number;
  /** The app's HTTP answer body (first 4 KB). */
  ackBody?: string;
  /** The `payload` of the Socket Mode ack frame (absent when the ack had none). */
  ackPayload?: unknown;
  /** An answer or ack that came after the timeout: ms after sending. */
  lateMs?: number;
  envelopeId?: string;
  /** Socket Mode connection id (`conn_1`…) the envelope went to. */
  connection?: string;
  /** Connection error text for `failed`. */
  error?: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  actionId?: string;
  blockId?: string;
  value?: string;
  responseUrl?: string;
  triggerId?: string;
  /** The raw HTTP request the emulator sent (for `replay`). */
  request?: { timestamp: string; signature: string; body: string };
}

/** What a `response_url` POST did. */
export interface ResponseUrlUse {
  at: number;
  /** The interaction whose `response_url` it was. */
  interaction: string;
  status: number;
  /** `replaced`, `deleted`, `posted_in_channel`, `posted_ephemeral`, or the error (`used_up`, `expired_url`, `invalid_payload`, `no_text`, `message_not_found`, …). */
  outcome: string;
  body: unknown;
}

/** An ephemeral message: shown only to `user`, in `channel`. */
export interface EphemeralMessage {
  ts: string;
  channel: string;
  /** The user who sees it. */
  user: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  /** `chat.postEphemeral`, or a `response_url` POST. */
  source: 'api' | 'response_url';
  deleted?: boolean;
}

/** A Socket Mode connection (control view). */
export interface SocketConnectionInfo {
  id: string;
  connectedAt: number;
  /** Envelopes sent on it. */
  envelopes: number;
  /** Ack frames received on it. */
  acks: number;
}
