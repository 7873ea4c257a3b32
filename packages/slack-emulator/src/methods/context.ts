import type { Args } from '../body-parser.js';
import { acceptedScopes } from '../scopes.js';
import { SlackApiError } from '../slack-error.js';
import type { TokenRecord } from '../token-store.js';
import type { ChangeEvent } from '../types.js';
import type { ChannelState, Workspace } from '../workspace.js';

/** Slack rate-limit tier of a method (`t5` = "Special"). */
export type Tier = 't1' | 't2' | 't3' | 't4' | 't5';

/** Message-size limits the handlers enforce. */
export interface MessageLimits {
  /** chat.postMessage truncates longer `text` with a warning. @default 40000 */
  maxTextLength: number;
  /** chat.update answers `msg_too_long` above this. @default 4000 */
  updateMaxTextLength: number;
  /** Cap for conversations.history/replies `limit` (15 in non-Marketplace mode). @default 999 */
  historyMaxLimit: number;
}

/** What the request log learns from a handler. */
export interface LogDetails {
  channel?: string;
  ts?: string;
  text?: string;
  metadata?: unknown;
  threadTs?: string;
}

/** Everything a method handler may use. */
export interface MethodContext {
  method: string;
  ws: Workspace;
  args: Args;
  token: TokenRecord;
  limits: MessageLimits;
  emit(event: ChangeEvent): void;
  /** Scopes any of which the method accepted on this call (sent as X-Accepted-OAuth-Scopes). */
  accepted: string[];
  log: LogDetails;
  /** A new Socket Mode URL (`apps.connections.open`). */
  socketModeUrl?: () => string;
}

/** A successful response body (`ok: true` is added by the pipeline). */
export type MethodResult = Record<string, unknown>;

/** One Web API method. */
export interface MethodDef {
  tier: Tier;
  /** Whether `channel` may be a name (chat.postMessage accepts `#name`). @default false */
  byName?: boolean;
  handle(ctx: MethodContext): MethodResult;
}

/** Throws `missing_scope` unless the token holds one of the scopes for `method` on this channel type. */
export function requireScopes(ctx: MethodContext, isPrivate = false): void {
  const accepted = acceptedScopes(ctx.method, ctx.token.kind, isPrivate);
  if (accepted.length === 0) return;
  ctx.accepted = accepted;
  if (!accepted.some((s) => ctx.token.scopes.includes(s))) {
    throw new SlackApiError('missing_scope', { needed: accepted[0], provided: ctx.token.scopes.join(',') });
  }
}

/** A channel the caller can see: missing, or private and not a member → `channel_not_found`. */
export function visibleChannel(ctx: MethodContext, ref: string | undefined, byName = false): ChannelState {
  const channel = ctx.ws.findChannel(ref, byName);
  if (!channel || (channel.isPrivate && !channel.members.includes(ctx.token.userId))) {
    throw new SlackApiError('channel_not_found');
  }
  ctx.log.channel = channel.id;
  return channel;
}

/** Encodes an opaque pagination cursor (base64, like Slack's). */
export function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`).toString('base64');
}

/** Decodes a cursor made by `encodeCursor`; throws `invalid_cursor` when it is not one. */
export function decodeCursor(cursor: string, kind: string): string {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!text.startsWith(`${kind}:`)) throw new SlackApiError('invalid_cursor');
  return text.slice(kind.length + 1);
}

/** Reads `limit`: default when absent, `invalid_limit` when not an integer in 1..max. */
export function readLimit(raw: number | undefined | null, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (raw === null || raw < 1) throw new SlackApiError('invalid_limit');
  return Math.min(raw, max);
}
