import type { SlackMessage } from '../slack/gateway-types.js';
import { blockTextSlots } from './fit-blocks.js';
import { SLACK_LIMITS } from './limits.js';
import { totalLength } from './text-budget.js';
import { isWellFormed } from './well-formed.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkStrings(v: unknown, path: string, out: string[]): void {
  if (typeof v === 'string') {
    if (!isWellFormed(v)) out.push(`${path}: contains a lone UTF-16 surrogate (invalid UTF-8)`);
  } else if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) checkStrings(x, `${path}[${i}]`, out);
  } else if (isObj(v)) for (const [k, x] of Object.entries(v)) checkStrings(x, `${path}.${k}`, out);
}

function checkText(t: unknown, path: string, max: number, out: string[], plainOnly = false): void {
  if (!isObj(t)) return void out.push(`${path}: must be a text object`);
  if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) {
    return void out.push(`${path}.type: must be ${plainOnly ? 'plain_text' : 'mrkdwn or plain_text'}`);
  }
  if (typeof t.text !== 'string' || t.text.length === 0)
    return void out.push(`${path}.text: must be a non-empty string`);
  if (t.text.length > max) out.push(`${path}.text: ${t.text.length} characters > ${max}`);
}

function checkBlock(b: unknown, path: string, out: string[]): void {
  if (!isObj(b) || typeof b.type !== 'string') return void out.push(`${path}: must be an object with a type`);
  if (typeof b.block_id === 'string' && b.block_id.length > SLACK_LIMITS.blockId) {
    out.push(`${path}.block_id: longer than ${SLACK_LIMITS.blockId}`);
  }
  if (b.type === 'section') {
    if (b.text === undefined && b.fields === undefined) out.push(`${path}: a section needs text or fields`);
    if (b.text !== undefined) checkText(b.text, `${path}.text`, SLACK_LIMITS.sectionText, out);
    if (b.fields !== undefined) {
      if (!Array.isArray(b.fields) || b.fields.length === 0)
        out.push(`${path}.fields: must be a non-empty array`);
      else {
        if (b.fields.length > SLACK_LIMITS.sectionFields) {
          out.push(`${path}.fields: ${b.fields.length} items > ${SLACK_LIMITS.sectionFields}`);
        }
        for (const [i, f] of b.fields.entries())
          checkText(f, `${path}.fields[${i}]`, SLACK_LIMITS.fieldText, out);
      }
    }
  } else if (b.type === 'header') checkText(b.text, `${path}.text`, SLACK_LIMITS.headerText, out, true);
  else if (b.type === 'context') {
    if (!Array.isArray(b.elements) || b.elements.length === 0)
      return void out.push(`${path}.elements: must be a non-empty array`);
    if (b.elements.length > SLACK_LIMITS.contextElements) {
      out.push(`${path}.elements: ${b.elements.length} items > ${SLACK_LIMITS.contextElements}`);
    }
    b.elements.forEach((e, i) => {
      if (!isObj(e) || e.type !== 'image')
        checkText(e, `${path}.elements[${i}]`, SLACK_LIMITS.textObject, out);
    });
  } else if (b.type === 'markdown') {
    if (typeof b.text !== 'string' || b.text.length === 0)
      out.push(`${path}.text: must be a non-empty string`);
    else if (b.text.length > SLACK_LIMITS.markdownBlock)
      out.push(`${path}.text: longer than ${SLACK_LIMITS.markdownBlock}`);
  }
}

function checkBlocks(blocks: unknown, path: string, out: string[]): void {
  if (!Array.isArray(blocks)) return void out.push(`${path}: must be an array`);
  if (blocks.length > SLACK_LIMITS.blocks)
    out.push(`${path}: ${blocks.length} blocks > ${SLACK_LIMITS.blocks}`);
  for (const [i, b] of blocks.entries()) checkBlock(b, `${path}[${i}]`, out);
  const total = totalLength(blockTextSlots(blocks));
  if (total > SLACK_LIMITS.blocksTotalText) {
    out.push(
      `${path}: ${total} characters of text in all > ${SLACK_LIMITS.blocksTotalText} (msg_blocks_too_long)`,
    );
  }
}

function checkAttachments(attachments: unknown, out: string[]): void {
  if (!Array.isArray(attachments)) return void out.push('attachments: must be an array');
  if (attachments.length > SLACK_LIMITS.attachments) {
    out.push(`attachments: ${attachments.length} > ${SLACK_LIMITS.attachments} (too_many_attachments)`);
  }
  for (const [i, a] of attachments.entries()) {
    const path = `attachments[${i}]`;
    if (!isObj(a)) {
      out.push(`${path}: must be an object`);
      continue;
    }
    if (typeof a.title === 'string' && a.title.length > SLACK_LIMITS.attachmentTitle) {
      out.push(`${path}.title: ${a.title.length} characters > ${SLACK_LIMITS.attachmentTitle}`);
    }
    if (a.fields !== undefined) {
      if (!Array.isArray(a.fields)) out.push(`${path}.fields: must be an array`);
      else {
        for (const [j, f] of a.fields.entries()) {
          if (!isObj(f) || typeof f.title !== 'string' || typeof f.value !== 'string') {
            out.push(`${path}.fields[${j}]: must have string title and value`);
          }
        }
      }
    }
    if (a.blocks !== undefined) checkBlocks(a.blocks, `${path}.blocks`, out);
  }
}

/**
 * Lists what Slack would reject in a `chat.postMessage` payload (empty when it is fine): text over
 * 40,000 characters or missing, lone surrogates, more than 50 blocks, block texts over their limits or
 * empty, more than 10 fields or context elements, over ~12,000 characters of block text in all, more than
 * 100 attachments, attachment titles over 1,024.
 */
export function validateMessage(message: SlackMessage): string[] {
  const out: string[] = [];
  if (!isObj(message)) return ['message: must be an object'];
  try {
    JSON.stringify(message);
  } catch {
    return ['message: cannot be JSON-encoded'];
  }
  checkStrings(message, 'message', out);
  const hasRich = (message.blocks?.length ?? 0) > 0 || (message.attachments?.length ?? 0) > 0;
  if (typeof message.text !== 'string') out.push('text: must be a string');
  else {
    if (message.text.length > SLACK_LIMITS.text)
      out.push(`text: ${message.text.length} characters > ${SLACK_LIMITS.text}`);
    if (message.text.trim() === '' && !hasRich) out.push('text: empty message (no_text)');
  }
  if (message.blocks !== undefined) checkBlocks(message.blocks, 'blocks', out);
  if (message.attachments !== undefined) checkAttachments(message.attachments, out);
  return out;
}
