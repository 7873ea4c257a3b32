import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body-parser.js';
import type { EmulatorCore } from './core.js';
import { htmlErrorPage, sendText, sleep } from './http-util.js';
import { SlackApiError } from './slack-error.js';
import type { Fault, Message, RequestLogEntry } from './types.js';
import { type MessageContent, readMessageContent } from './validation/message-content.js';
import type { ChannelState } from './workspace.js';

/** The `method` of webhook posts in faults and the request log. */
export const WEBHOOK_METHOD = 'incoming-webhook';

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

function store(core: EmulatorCore, channel: ChannelState, content: MessageContent): string {
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
  return ts;
}

type Answer = (
  status: number,
  text: string,
  extra?: Partial<RequestLogEntry>,
  headers?: Record<string, string>,
) => void;

/** Faults that answer instead of posting; true when the request is done. */
function applyFault(res: ServerResponse, fault: Fault, answer: Answer): boolean {
  const a = fault.action;
  switch (a.type) {
    case 'error':
      answer(400, a.error);
      return true;
    case 'ratelimit':
      answer(
        429,
        'rate_limited',
        {},
        a.retryAfter === null ? {} : { 'retry-after': String(a.retryAfter ?? 1) },
      );
      return true;
    case 'http':
      sendText(res, a.status, htmlErrorPage(a.status), 'text/html; charset=utf-8');
      answer(a.status, `http_${a.status}`);
      return true;
    case 'non_json':
      sendText(res, 200, '<html><body>Service temporarily unavailable</body></html>', 'text/html');
      answer(200, 'non_json');
      return true;
    case 'redirect':
      res.writeHead(302, { location: a.location ?? 'https://hooks.slack.com/' });
      res.end();
      answer(302, 'http_302');
      return true;
    case 'reset':
      res.socket?.destroy();
      answer(0, 'reset');
      return true;
    default:
      return false;
  }
}

/**
 * Incoming webhooks (`POST /services/T…/B…/<secret>`): posts into the hook's channel and answers
 * `ok` as plain text, or Slack's plain-text errors (`invalid_payload`, `no_text`, `no_service`,
 * `channel_not_found`, `channel_is_archived`). Faults with `method: 'incoming-webhook'` apply.
 */
export async function handleWebhook(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const seq = core.log.nextSeq();
  const at = core.ws.now();
  let channelId: string | undefined;
  const answer: Answer = (status, text, extra = {}, headers = {}) => {
    sendText(res, status, text, 'text/html', headers);
    const entry: RequestLogEntry = {
      seq,
      at,
      doneAt: core.ws.now(),
      method: WEBHOOK_METHOD,
      status,
      outcome: text,
    };
    if (channelId) entry.channel = channelId;
    core.log.add({ ...entry, ...extra });
    core.emit({ type: 'request', ...(channelId ? { channel: channelId } : {}) });
  };
  if (req.method !== 'POST') return answer(405, 'invalid_method');
  const raw = await readBody(req);
  const hookChannel = core.webhooks.get(path);
  if (!hookChannel) return answer(404, 'no_service');
  const channel = core.ws.channels.get(hookChannel);
  if (!channel) return answer(404, 'channel_not_found');
  channelId = channel.id;
  const fault = core.faults.match(
    WEBHOOK_METHOD,
    (ref) => core.ws.findChannel(ref, true)?.id === channel.id,
    core.ids.random,
    false,
  );
  if (fault?.action.type === 'delay' || fault?.action.type === 'late') await sleep(fault.action.ms);
  if (fault && applyFault(res, fault, answer)) return;
  if (channel.isArchived) return answer(410, 'channel_is_archived');
  const payload = parsePayload(req, raw);
  if (!payload) return answer(400, 'invalid_payload');
  let content: MessageContent;
  try {
    content = readMessageContent(payload, { max: core.limits.maxTextLength, onTooLong: 'truncate' });
  } catch (err) {
    if (err instanceof SlackApiError) return answer(400, err.code);
    throw err;
  }
  const ts = store(core, channel, content);
  if (fault?.action.type === 'hang') {
    // Stored, answered late or never: the webhook flavour of the duplicate trap.
    core.log.add({
      seq,
      at,
      doneAt: core.ws.now(),
      method: WEBHOOK_METHOD,
      status: 0,
      outcome: 'hang',
      channel: channel.id,
      ts,
      text: content.text,
    });
    const ms = fault.action.ms;
    if (ms !== undefined) setTimeout(() => sendText(res, 200, 'ok', 'text/html'), ms).unref();
    return;
  }
  answer(200, 'ok', {
    ts,
    text: content.text,
    ...(fault?.action.type === 'late' ? { outcome: 'late' } : {}),
  });
}
