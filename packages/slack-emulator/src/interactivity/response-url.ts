import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../body-parser.js';
import type { EmulatorCore } from '../core.js';
import { sendJson } from '../http-util.js';
import { SlackApiError } from '../slack-error.js';
import type { Message } from '../types.js';
import { readMessageContent } from '../validation/message-content.js';
import { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type ResponseTarget } from './interactivity-state.js';

type Json = Record<string, unknown>;

/**
 * `POST /actions/<team>/<id>/<secret>`: an app's answer through a click's `response_url` (JSON:
 * `text`/`blocks`, `replace_original`, `delete_original`, `response_type` `ephemeral` | `in_channel`,
 * `thread_ts`). 5 uses within 30 minutes, then 404. Answers `{"ok":true}` as Slack does (no `ts`).
 */
export async function handleResponseUrl(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  key: string,
): Promise<void> {
  const state = core.interactivity;
  const target = state.responseTargets.get(key);
  const now = core.ws.now();
  const answer = (status: number, outcome: string, body: unknown) => {
    state.responseUses.push({ at: now, interaction: target?.interaction ?? '', status, outcome, body });
    sendJson(res, status, status === 200 ? { ok: true } : { ok: false, error: outcome });
    core.emit({ type: 'interaction' });
  };
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
  const raw = await readBody(req);
  let body: Json | undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Json;
  } catch {
    body = undefined;
  }
  if (!target) return answer(404, 'invalid_url', body ?? raw);
  if (now - target.createdAt > RESPONSE_URL_TTL_MS) return answer(404, 'expired_url', body ?? raw);
  if (target.uses >= RESPONSE_URL_MAX_USES) return answer(404, 'used_up', body ?? raw);
  if (!body) return answer(400, 'invalid_payload', raw);
  target.uses += 1;
  try {
    answer(200, apply(core, target, body), body);
  } catch (err) {
    if (!(err instanceof SlackApiError)) throw err;
    answer(err.code === 'message_not_found' ? 404 : 400, err.code, body);
  }
}

/** Applies the answer to the workspace; returns what it did. */
function apply(core: EmulatorCore, target: ResponseTarget, body: Json): string {
  const ws = core.ws;
  const channel = ws.findChannel(target.channel, false);
  if (!channel) throw new SlackApiError('channel_not_found');
  if (body['delete_original'] === true || body['delete_original'] === 'true') {
    const message = ws.findMessage(channel, target.messageTs);
    if (!message) throw new SlackApiError('message_not_found');
    message.deleted = true;
    ws.touch(channel);
    core.emit({ type: 'message_deleted', channel: channel.id, ts: message.ts });
    return 'deleted';
  }
  const content = readMessageContent(body, { max: 40_000, onTooLong: 'error' });
  if (body['replace_original'] === true || body['replace_original'] === 'true') {
    const message = ws.findMessage(channel, target.messageTs);
    if (!message) throw new SlackApiError('message_not_found');
    message.text = content.text;
    if (content.blocks) message.blocks = content.blocks;
    else delete message.blocks;
    if (content.attachments) message.attachments = content.attachments;
    else delete message.attachments;
    ws.touch(channel);
    core.emit({ type: 'message_changed', channel: channel.id, ts: message.ts });
    return 'replaced';
  }
  const threadTs = typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined;
  if (body['response_type'] === 'in_channel') {
    const ts = ws.nextTs();
    const message: Message = {
      ts,
      user: ws.bot.userId,
      botId: ws.bot.botId,
      text: content.text,
      replyCount: 0,
      ...(threadTs ? { threadTs } : {}),
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
    };
    channel.messages.push(message);
    const root = threadTs ? ws.findMessage(channel, threadTs) : undefined;
    if (root) root.replyCount = ws.replies(channel, root.ts).length;
    ws.touch(channel);
    core.emit({ type: 'message', channel: channel.id, ts });
    return 'posted_in_channel';
  }
  // Slack's default for a response without replace_original: a new message only the clicker sees.
  ws.ephemerals.push({
    ts: ws.nextTs(),
    channel: channel.id,
    user: target.user,
    text: content.text,
    source: 'response_url',
    ...(threadTs ? { threadTs } : {}),
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(content.attachments ? { attachments: content.attachments } : {}),
  });
  core.emit({ type: 'ephemeral', channel: channel.id });
  return 'posted_ephemeral';
}
