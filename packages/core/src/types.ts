/**
 * Public types of `@backend-notifier/core`. Internal types live beside the code that owns them and are
 * never exported from `index.ts`.
 */
import type { KnownBlock, MessageAttachment } from '@slack/web-api';

/** How urgent a notification is. High goes first and is evicted last. */
export type Priority = 'high' | 'normal' | 'low';

/** A labelled value shown as a Slack field. */
export interface NotificationField {
  title: string;
  value: string;
  /** Show side by side with the next short field. @default true */
  short?: boolean;
}

/** Who to ping. Only these explicit options can ping: text from data never can. */
export type Mention = 'channel' | 'here' | { user: string } | { group: string };

/** Deployment status, the seed's rich example. */
export interface DeploymentInfo {
  service: string;
  version: string;
  environment: string;
  status: 'started' | 'succeeded' | 'failed' | 'rolled_back';
  url?: string;
  by?: string;
  durationMs?: number;
}

/**
 * One event to tell the channel about. Every string in it is data: it is escaped before it is sent, so it
 * can never ping anyone or inject a link; only `mention` pings.
 */
export interface Notification {
  /** Main text (plain text with mrkdwn emphasis; `&`, `<`, `>` are escaped). */
  text?: string;
  /** Short heading, shown as a header block. */
  title?: string;
  /** @default 'normal' */
  priority?: Priority;
  /** A named route from `NotifierOptions.routes`. @default the default channel */
  channel?: string;
  /** Fields, as a record (label → value) or a list. */
  fields?: Record<string, unknown> | NotificationField[];
  /** Context lines shown small under the message (label → value). */
  context?: Record<string, unknown>;
  /** An error to render with the error template (name, message, stack in a code block). */
  error?: unknown;
  /** A deployment status to render with the deployment template. */
  deployment?: DeploymentInfo;
  /** Raw Block Kit blocks, sent as given after the size checks (the caller owns their escaping). */
  blocks?: KnownBlock[];
  /** Legacy attachments (colour bar, fields), sent after the size checks. */
  attachments?: MessageAttachment[];
  /** Attachment colour for the template (`good`, `warning`, `danger` or `#rrggbb`). */
  color?: string;
  /** Reply in this thread (a parent message `ts`). */
  threadTs?: string;
  /** Explicit pings. */
  mention?: Mention | Mention[];
  /** Groups repeats; computed from the error or the text when absent. */
  fingerprint?: string;
}

/** The outcome of one notification, once it is settled. Never rejects. */
export type DeliveryOutcome =
  | { status: 'delivered'; id: string; channelId: string; ts: string; permalink?: string }
  | {
      status: 'dead_lettered' | 'dropped';
      id: string;
      /** Why: a Slack error code for dead letters, a drop reason for drops. */
      reason: string;
    };

/** What `notify()` returns at once. */
export interface NotifyReceipt {
  /** The message id; it also travels in the Slack message metadata. */
  id: string;
  /** Resolves once the store has committed the message (true), or false when it was refused. */
  accepted: Promise<boolean>;
  /** Resolves with the final outcome. Never rejects. */
  delivered: Promise<DeliveryOutcome>;
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface HealthCheck {
  name: 'auth' | 'channel' | 'membership' | 'queue' | 'oldest_pending' | 'last_success' | 'circuit' | string;
  status: HealthStatus;
  /** Human-readable detail; never contains the token. */
  detail?: string;
  /** A measured value (depth, age in ms, epoch ms…). */
  value?: number | string | boolean;
}

export interface HealthReport {
  status: HealthStatus;
  checks: HealthCheck[];
}

/** Why a message was dropped (counted, never silent). */
export type DropReason = 'queue_overflow' | 'closed' | 'invalid' | 'feedback_loop' | 'flood' | string;

export interface NotifierStats {
  accepted: number;
  delivered: number;
  pending: number;
  inFlight: number;
  deadLettered: number;
  dropped: number;
  droppedByReason: Record<string, number>;
  retried: number;
  rateLimited: number;
  /** Delivery latency from accept to Slack's answer, in ms. */
  latencyMs: { p50: number; p99: number; max: number };
}

/** Console-like logger. Every call the notifier makes carries `{ source: 'backend-notifier' }` in meta. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Time source; tests pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { unref?(): unknown } | unknown;
  clearTimeout(handle: unknown): void;
}

/** The notifier. */
export interface Notifier {
  /** Queue a notification. Synchronous, cheap, never throws for delivery problems. */
  notify(notification: Notification | string): NotifyReceipt;
  /** Check the token and scopes, set up the channel(s). Throws `NotifierError` on config problems. */
  start(): Promise<void>;
  health(): Promise<HealthReport>;
  stats(): NotifierStats;
  /** Wait until nothing is pending or the timeout passes; true when everything was delivered. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Flush, then stop. Idempotent. */
  close(timeoutMs?: number): Promise<boolean>;
}
