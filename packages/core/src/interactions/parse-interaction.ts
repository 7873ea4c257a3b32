import { type ActionId, isActionId } from './interaction-actions.js';

/** A verified button click on one of our messages, reduced to what the receiver acts on. */
export interface BlockActionRequest {
  teamId: string;
  appId: string;
  userId: string;
  userName?: string;
  channelId: string;
  messageTs?: string;
  responseUrl?: string;
  actionId: ActionId;
  /** The conversation key, from the button's `value`. */
  key: string;
}

/** A body read: the payload, Slack's `ssl_check` probe, or why it cannot be read. */
export type ParsedBody =
  | { ok: true; kind: 'payload'; payload: unknown }
  | { ok: true; kind: 'ssl_check' }
  | { ok: false; reason: 'malformed' };

/** A payload read: the click, or why it is refused. */
export type ParsedAction =
  | { ok: true; request: BlockActionRequest }
  | { ok: false; reason: 'malformed' | 'unsupported_type' | 'unknown_action' };

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const TEAM_ID = /^[TE][A-Z0-9]{2,}$/;
const APP_ID = /^A[A-Z0-9]{2,}$/;
/** A button's `value` holds at most 2,000 characters (Block Kit). */
const MAX_KEY_LENGTH = 2000;

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads an interactivity body: `application/x-www-form-urlencoded` with exactly one `payload` field
 * holding JSON (what Slack sends), or the JSON payload itself as `application/json`. Slack's `ssl_check=1`
 * probe is recognised so it can be answered 200 without acting.
 */
export function parseInteractionBody(rawBody: string, contentType: string | undefined): ParsedBody {
  const type = mediaType(contentType);
  let json: string;
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(rawBody);
    if (form.get('ssl_check') === '1' && !form.has('payload')) return { ok: true, kind: 'ssl_check' };
    const payloads = form.getAll('payload');
    if (payloads.length !== 1) return { ok: false, reason: 'malformed' };
    json = payloads[0] as string;
  } else if (type === 'application/json') {
    json = rawBody;
  } else {
    return { ok: false, reason: 'malformed' };
  }
  try {
    return { ok: true, kind: 'payload', payload: JSON.parse(json) as unknown };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown, pattern?: RegExp): string | undefined {
  return typeof value === 'string' && (pattern === undefined || pattern.test(value)) ? value : undefined;
}

/**
 * Checks a `block_actions` payload's shape (bolt-js `BlockAction`) and picks what acting needs: team
 * (`team.id`, or `user.team_id` when `team` is null), app, user, the channel and message, `response_url`,
 * and the one button clicked, which must carry one of our action ids and a conversation key.
 */
export function readBlockAction(payload: unknown): ParsedAction {
  const p = obj(payload);
  if (!p) return { ok: false, reason: 'malformed' };
  if (p['type'] !== 'block_actions') {
    return { ok: false, reason: typeof p['type'] === 'string' ? 'unsupported_type' : 'malformed' };
  }
  const user = obj(p['user']);
  const userId = str(user?.['id'], USER_ID);
  const teamId = str(obj(p['team'])?.['id'], TEAM_ID) ?? str(user?.['team_id'], TEAM_ID);
  const appId = str(p['api_app_id'], APP_ID);
  const container = obj(p['container']);
  const channelId = str(container?.['channel_id'], CHANNEL_ID) ?? str(obj(p['channel'])?.['id'], CHANNEL_ID);
  const actions = p['actions'];
  if (!userId || !teamId || !appId || !channelId || !Array.isArray(actions) || actions.length !== 1) {
    return { ok: false, reason: 'malformed' };
  }
  const action = obj(actions[0]);
  if (action?.['type'] !== 'button') return { ok: false, reason: 'unknown_action' };
  const actionId = action['action_id'];
  const key = action['value'];
  if (!isActionId(actionId) || typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    return { ok: false, reason: 'unknown_action' };
  }
  const request: BlockActionRequest = { teamId, appId, userId, channelId, actionId, key };
  const userName = str(user?.['username']) ?? str(user?.['name']);
  if (userName !== undefined) request.userName = userName;
  const messageTs = str(container?.['message_ts']) ?? str(obj(p['message'])?.['ts']);
  if (messageTs !== undefined) request.messageTs = messageTs;
  const responseUrl = str(p['response_url']);
  if (responseUrl !== undefined) request.responseUrl = responseUrl;
  return { ok: true, request };
}
