import { type Args, argJson, argString } from '../body-parser.js';
import { SlackApiError } from '../slack-error.js';
import type { MessageMetadata } from '../types.js';
import { validateBlocks } from './blocks.js';

/** Most attachments per message. */
export const MAX_ATTACHMENTS = 100;
/** Most characters of `markdown_text`. */
export const MAX_MARKDOWN_TEXT = 12000;

/** The content of a post or update after validation. */
export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  /** undefined = not sent; null = sent as `{}` (clear, for chat.update). */
  metadata?: MessageMetadata | null;
  warnings: string[];
  messages: string[];
}

/** How to treat over-long `text`. */
export interface TextPolicy {
  max: number;
  /** Truncate with a warning (chat.postMessage) or fail with `msg_too_long` (chat.update). */
  onTooLong: 'truncate' | 'error';
}

function readMetadata(args: Args): MessageMetadata | null | undefined {
  const raw = argJson(args, 'metadata');
  if (!raw.present) return undefined;
  if (raw.invalid || !raw.value || typeof raw.value !== 'object' || Array.isArray(raw.value)) {
    throw new SlackApiError('invalid_metadata_format');
  }
  const m = raw.value as Record<string, unknown>;
  if (Object.keys(m).length === 0) return null;
  const payload = m['event_payload'];
  if (
    typeof m['event_type'] !== 'string' ||
    m['event_type'] === '' ||
    !payload ||
    typeof payload !== 'object' ||
    Array.isArray(payload)
  ) {
    throw new SlackApiError('invalid_metadata_schema');
  }
  return { event_type: m['event_type'], event_payload: payload as Record<string, unknown> };
}

function readBlocks(args: Args): unknown[] | undefined {
  const raw = argJson(args, 'blocks');
  if (!raw.present) return undefined;
  if (raw.invalid || !Array.isArray(raw.value)) throw new SlackApiError('invalid_blocks_format');
  const errors = validateBlocks(raw.value);
  if (errors.length > 0) {
    throw new SlackApiError('invalid_blocks', {
      errors,
      response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
    });
  }
  return raw.value;
}

function readAttachments(args: Args): unknown[] | undefined {
  const raw = argJson(args, 'attachments');
  if (!raw.present) return undefined;
  if (raw.invalid || !Array.isArray(raw.value)) throw new SlackApiError('invalid_attachments');
  if (raw.value.length > MAX_ATTACHMENTS) throw new SlackApiError('too_many_attachments');
  return raw.value;
}

/** Validates text, blocks, attachments and metadata of chat.postMessage / chat.update. */
export function readMessageContent(args: Args, policy: TextPolicy): MessageContent {
  let text = argString(args, 'text') ?? '';
  const markdown = argString(args, 'markdown_text');
  const blocks = readBlocks(args);
  if (markdown !== undefined) {
    if (text !== '' || blocks !== undefined) throw new SlackApiError('markdown_text_conflict');
    if (markdown.length > MAX_MARKDOWN_TEXT) throw new SlackApiError('msg_too_long');
    text = markdown;
  }
  const attachments = readAttachments(args);
  const metadata = readMetadata(args);
  if (text === '' && !blocks?.length && !attachments?.length) throw new SlackApiError('no_text');
  const warnings: string[] = [];
  const messages: string[] = [];
  if (text.length > policy.max) {
    if (policy.onTooLong === 'error') throw new SlackApiError('msg_too_long');
    text = text.slice(0, policy.max);
    warnings.push('message_truncated');
    messages.push(
      `[WARN] Your message was truncated but still posted. The \`text\` field accepts up to ${policy.max.toLocaleString('en-US')} characters.`,
    );
  }
  return {
    text,
    ...(blocks ? { blocks } : {}),
    ...(attachments ? { attachments } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
    warnings,
    messages,
  };
}
