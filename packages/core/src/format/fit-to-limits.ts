import type { SlackMessage } from '../slack/gateway-types.js';
import { cloneJson } from './clone-json.js';
import { fitAttachments } from './fit-attachments.js';
import { blockTextSlots, fitBlocks } from './fit-blocks.js';
import { SAFE_LIMITS } from './limits.js';
import { shrinkToBudget } from './text-budget.js';
import { truncateMrkdwn } from './truncate.js';

/** Blocks and attachments already left out of a message (counted in its "left out" notices). */
export interface OmittedItems {
  /** @default 0 */
  blocks?: number;
  /** @default 0 */
  attachments?: number;
}

/**
 * Returns a copy of `message` that Slack will accept: every string well-formed UTF-16, top-level text at
 * most 39,000 characters (3,000 when blocks or attachments carry the detail, so `chat.update` takes it
 * too), blocks and attachments cut to their limits (see `fitBlocks`, `fitAttachments`) and blocks to
 * 10,000 characters of text in all. Cuts keep ``` fences balanced and say what they left out. Does not
 * escape: the caller's strings are taken as mrkdwn.
 * @throws NotifierError `invalid_notification` when the message cannot be JSON-encoded.
 */
export function fitToLimits(message: SlackMessage, omitted: OmittedItems = {}): SlackMessage {
  const copy = cloneJson(message, 'message') as Partial<SlackMessage> & Record<string, unknown>;
  const blocks = Array.isArray(copy.blocks) ? fitBlocks(copy.blocks, omitted.blocks) : [];
  shrinkToBudget(blockTextSlots(blocks), SAFE_LIMITS.blocksTotalText);
  const attachments = Array.isArray(copy.attachments)
    ? fitAttachments(copy.attachments, omitted.attachments)
    : [];
  const rich = blocks.length > 0 || attachments.length > 0;
  let text = typeof copy.text === 'string' ? copy.text : '';
  text = truncateMrkdwn(text, rich ? SAFE_LIMITS.fallbackText : SAFE_LIMITS.text);
  // Slack refuses a message with no text at all (`no_text`) and needs text for notifications.
  if (text.trim() === '') text = 'Notification';
  const out: SlackMessage = { ...copy, text };
  if (blocks.length > 0) out.blocks = blocks;
  else delete out.blocks;
  if (attachments.length > 0) out.attachments = attachments;
  else delete out.attachments;
  return out;
}
