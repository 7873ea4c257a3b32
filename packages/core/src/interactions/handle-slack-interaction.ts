import type { SlackInteractions } from './create-slack-interactions.js';
import { parseInteractionBody } from './parse-interaction.js';
import { REFUSAL_STATUS, type RefusalReason } from './refusal-reason.js';
import { type RequestHeaders, readHeader } from './request-headers.js';
import { verifySlackRequest } from './verify-slack-request.js';

/** An HTTP request as any framework can describe it. */
export interface InteractionHttpRequest {
  /** @default 'POST' */
  method?: string;
  headers: RequestHeaders;
  /**
   * The body exactly as received. `undefined` when a body parser consumed it without keeping the bytes:
   * the request is then refused `body_unavailable` (500) and the log says how to fix the mount.
   */
  rawBody: string | Uint8Array | undefined;
  /** The adapter stopped reading the body past `maxBodyBytes` (or its declared length was over it). */
  bodyTooLarge?: boolean;
}

/** What to answer. `body` is empty on every refusal but 400s (their reason, which holds no secret). */
export interface InteractionHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HEADERS = Object.freeze({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });

function answer(status: number, body = ''): InteractionHttpResponse {
  return { status, headers: { ...HEADERS }, body };
}

/**
 * The framework-agnostic HTTP endpoint for Slack's interactivity Request URL: verify the signature on the
 * raw body (5-minute window both ways, replays refused), read the payload, check it, and answer at once:
 * 200 with an empty body (the ack) while the action runs afterwards; 401 for signature problems (empty
 * body, as bolt-js), 400 for what cannot be read, 413 for an oversized body. Synchronous, so the ack never
 * waits for Slack, a store or the action.
 */
export function handleSlackInteraction(
  interactions: SlackInteractions,
  request: InteractionHttpRequest,
): InteractionHttpResponse {
  const refuse = (reason: RefusalReason): InteractionHttpResponse => {
    interactions.refuse(reason, 'http');
    const status = REFUSAL_STATUS[reason];
    return answer(status, status === 400 ? reason : '');
  };
  if ((request.method ?? 'POST').toUpperCase() !== 'POST') {
    return { status: 405, headers: { ...HEADERS, allow: 'POST' }, body: '' };
  }
  const secret = interactions.signingSecret;
  if (secret === undefined) return refuse('bad_signature');
  if (request.bodyTooLarge) return refuse('too_large');
  if (request.rawBody === undefined) return refuse('body_unavailable');
  const verified = verifySlackRequest({
    signingSecret: secret,
    headers: request.headers,
    rawBody: request.rawBody,
    now: interactions.now(),
    maxBodyBytes: interactions.maxBodyBytes,
    replayGuard: interactions.replayGuard,
  });
  if (!verified.ok) return refuse(verified.reason);
  const text =
    typeof request.rawBody === 'string' ? request.rawBody : Buffer.from(request.rawBody).toString('utf8');
  const contentType = readHeader(request.headers, 'content-type');
  const parsed = parseInteractionBody(text, contentType.kind === 'one' ? contentType.value : undefined);
  if (!parsed.ok) return refuse(parsed.reason);
  if (parsed.kind === 'ssl_check') {
    interactions.sslCheck();
    return answer(200);
  }
  const verdict = interactions.receive(parsed.payload, 'http');
  if (!verdict.accepted) {
    const status = REFUSAL_STATUS[verdict.reason];
    return answer(status, status === 400 ? verdict.reason : '');
  }
  return answer(200);
}
