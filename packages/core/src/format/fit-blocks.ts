import type { KnownBlock } from '@slack/web-api';
import { SAFE_LIMITS, SLACK_LIMITS } from './limits.js';
import type { TextSlot } from './text-budget.js';
import { formatCount, head, truncateMrkdwn, truncatePlain } from './truncate.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text object cut to `max`; `undefined` when it is not one or is blank (Slack refuses empty text). */
export function fitTextObject(t: unknown, max: number, forcePlain = false): Obj | undefined {
  if (!isObj(t) || typeof t.text !== 'string') return undefined;
  const type = forcePlain || t.type === 'plain_text' ? 'plain_text' : 'mrkdwn';
  const raw = forcePlain ? head(t.text, max * 2).replace(/\s+/g, ' ') : t.text;
  const text = type === 'plain_text' ? truncatePlain(raw, max) : truncateMrkdwn(raw, max);
  if (text.trim() === '') return undefined;
  return { ...t, type, text };
}

function fitSection(block: Obj): Obj[] {
  const text = block.text === undefined ? undefined : fitTextObject(block.text, SLACK_LIMITS.sectionText);
  const fields = Array.isArray(block.fields)
    ? block.fields.map((f) => fitTextObject(f, SLACK_LIMITS.fieldText)).filter((f) => f !== undefined)
    : [];
  if (!text && fields.length === 0) return [];
  const { text: _t, fields: _f, ...rest } = block;
  const first: Obj = { ...rest };
  if (text) first.text = text;
  const max = SLACK_LIMITS.sectionFields;
  if (fields.length > 0) first.fields = fields.slice(0, max);
  const out = [first];
  // Past 10 fields, the rest go into more sections instead of being lost.
  for (let i = max; i < fields.length; i += max)
    out.push({ type: 'section', fields: fields.slice(i, i + max) });
  return out;
}

function fitContext(block: Obj): Obj[] {
  if (!Array.isArray(block.elements)) return [];
  const elements: Obj[] = [];
  for (const e of block.elements) {
    if (!isObj(e)) continue;
    if (e.type === 'image')
      elements.push(
        typeof e.alt_text === 'string' ? { ...e, alt_text: truncatePlain(e.alt_text, 2_000) } : e,
      );
    else {
      const t = fitTextObject(e, SAFE_LIMITS.contextElement);
      if (t) elements.push(t);
    }
  }
  if (elements.length === 0) return [];
  const max = SLACK_LIMITS.contextElements;
  if (elements.length > max) {
    const rest = elements.splice(max - 1);
    const merged = rest
      .map((e) => (typeof e.text === 'string' ? e.text : ''))
      .filter((t) => t !== '')
      .join(' · ');
    elements.push({
      type: 'mrkdwn',
      text: truncateMrkdwn(merged || `+${rest.length} more`, SAFE_LIMITS.contextElement),
    });
  }
  return [{ ...block, elements }];
}

function fitBlock(block: Obj): Obj[] {
  const b: Obj = { ...block };
  if (typeof b.block_id === 'string' && b.block_id.length > SLACK_LIMITS.blockId) delete b.block_id;
  switch (b.type) {
    case 'section':
      return fitSection(b);
    case 'header': {
      const text = fitTextObject(b.text, SLACK_LIMITS.headerText, true);
      return text ? [{ ...b, text }] : [];
    }
    case 'context':
      return fitContext(b);
    case 'markdown':
      if (typeof b.text !== 'string' || b.text.trim() === '') return [];
      return [{ ...b, text: truncateMrkdwn(b.text, SLACK_LIMITS.markdownBlock) }];
    case 'image':
      if (typeof b.alt_text === 'string') b.alt_text = truncatePlain(b.alt_text, 2_000);
      if (b.title !== undefined) {
        const title = fitTextObject(b.title, 2_000, true);
        if (title) b.title = title;
        else delete b.title;
      }
      return [b];
    default:
      return [b];
  }
}

/**
 * Fits blocks into Slack's per-block limits (section text 3,000, 10 fields of 2,000, header 150, context 10
 * elements, `block_id` 255) and at most 50 blocks; sections with more than 10 fields are split, blank
 * texts and blocks Slack would refuse are dropped, and what is left out is said in a last context block.
 * @param omitted blocks already left out before this call (counted in that notice). @default 0
 */
export function fitBlocks(blocks: unknown[], omitted = 0): KnownBlock[] {
  const out = blocks.filter((b): b is Obj => isObj(b) && typeof b.type === 'string').flatMap(fitBlock);
  const max = SLACK_LIMITS.blocks;
  if (out.length > max || omitted > 0) {
    const left = Math.max(0, out.length - (max - 1)) + omitted;
    out.length = max - 1;
    out.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `… ${formatCount(left)} more blocks left out` }],
    });
  }
  return out as unknown as KnownBlock[];
}

/** The text slots of blocks that count towards Slack's cumulative limit (`msg_blocks_too_long`). */
export function blockTextSlots(blocks: readonly unknown[]): TextSlot[] {
  const slots: TextSlot[] = [];
  const add = (t: unknown) => {
    if (isObj(t) && typeof t.text === 'string') {
      slots.push({ holder: t, key: 'text', kind: t.type === 'plain_text' ? 'plain' : 'mrkdwn' });
    }
  };
  for (const b of blocks) {
    if (!isObj(b)) continue;
    if (b.type === 'markdown' && typeof b.text === 'string')
      slots.push({ holder: b, key: 'text', kind: 'mrkdwn' });
    else add(b.text);
    if (Array.isArray(b.fields)) b.fields.forEach(add);
    if (b.type === 'context' && Array.isArray(b.elements)) b.elements.forEach(add);
  }
  return slots;
}
