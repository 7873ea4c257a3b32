import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body-parser.js';
import type { EmulatorCore } from './core.js';
import { sendText } from './http-util.js';
import { SlackApiError } from './slack-error.js';
import type { Message } from './types.js';
import { readMessageContent } from './validation/message-content.js';

function parsePayload(req: IncomingMessage, raw: string): Record<string, unknown> | undefined {
  try {
    const type = req.headers['content-type'] ?? '';
    const text = type.startsWith('application/x-www-form-urlencoded')
      ? (new URLSearchParams(raw).get('payload') ?? '')
      : raw;
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Incoming webhooks (`POST /services/T…/B…/<secret>`): posts into the hook's channel and answers
 * `ok` as plain text, or Slack's plain-text errors (`invalid_payload`, `no_text`, `no_service`,
 * `channel_not_found`, `channel_is_archived`).
 */
export async function handleWebhook(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const seq = core.log.nextSeq();
  const at = core.ws.now();
  const answer = (status: number, text: string, extra: Record<string, unknown> = {}) => {
    sendText(res, status, text, 'text/html');
    core.log.add({
      seq,
      at,
      doneAt: core.ws.now(),
      method: 'incoming-webhook',
      status,
      outcome: text,
      ...extra,
    });
    core.emit({ type: 'request' });
  };
  if (req.method !== 'POST') return answer(405, 'invalid_method');
  const raw = await readBody(req);
  const channelId = core.webhooks.get(path);
  if (!channelId) return answer(404, 'no_service');
  const channel = core.ws.channels.get(channelId);
  if (!channel) return answer(404, 'channel_not_found');
  if (channel.isArchived) return answer(410, 'channel_is_archived', { channel: channel.id });
  const payload = parsePayload(req, raw);
  if (!payload) return answer(400, 'invalid_payload', { channel: channel.id });
  let content: ReturnType<typeof readMessageContent>;
  try {
    content = readMessageContent(payload, { max: core.limits.maxTextLength, onTooLong: 'truncate' });
  } catch (err) {
    if (err instanceof SlackApiError) return answer(400, err.code, { channel: channel.id });
    throw err;
  }
  const ts = core.ws.nextTs();
  const message: Message = {
    ts,
    user: core.ws.bot.userId,
    botId: core.ws.bot.botId,
    text: content.text,
    replyCount: 0,
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(content.attachments ? { attachments: content.attachments } : {}),
  };
  channel.messages.push(message);
  core.ws.touch(channel);
  core.emit({ type: 'message', channel: channel.id, ts });
  answer(200, 'ok', { channel: channel.id, ts, text: content.text });
}
