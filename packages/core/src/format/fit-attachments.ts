import type { MessageAttachment } from '@slack/web-api';
import { blockTextSlots, fitBlocks } from './fit-blocks.js';
import { SAFE_LIMITS } from './limits.js';
import { renderValue } from './render-value.js';
import { shrinkToBudget, type TextSlot } from './text-budget.js';
import { formatCount, truncateMrkdwn, truncatePlain } from './truncate.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Attachment string properties, their limit and whether they are mrkdwn. */
const STRINGS: ReadonlyArray<readonly [string, number, 'mrkdwn' | 'plain']> = [
  ['text', SAFE_LIMITS.attachmentText, 'mrkdwn'],
  ['pretext', SAFE_LIMITS.attachmentPretext, 'mrkdwn'],
  ['fallback', SAFE_LIMITS.attachmentPretext, 'plain'],
  ['title', SAFE_LIMITS.attachmentTitle, 'mrkdwn'],
  ['footer', SAFE_LIMITS.attachmentFooter, 'mrkdwn'],
  ['author_name', SAFE_LIMITS.attachmentFooter, 'mrkdwn'],
];

const cut = (s: string, max: number, kind: 'mrkdwn' | 'plain') =>
  kind === 'plain' ? truncatePlain(s, max) : truncateMrkdwn(s, max);

function fitFields(fields: unknown[], slots: TextSlot[]): Obj[] {
  const out: Obj[] = fields.filter(isObj).map((f) => ({
    ...f,
    title: cut(
      typeof f.title === 'string' ? f.title : renderValue(f.title ?? ''),
      SAFE_LIMITS.attachmentFieldTitle,
      'mrkdwn',
    ),
    value: cut(
      typeof f.value === 'string' ? f.value : renderValue(f.value ?? ''),
      SAFE_LIMITS.attachmentFieldValue,
      'mrkdwn',
    ),
  }));
  const max = SAFE_LIMITS.attachmentFields;
  if (out.length > max) {
    const left = out.length - (max - 1);
    out.length = max - 1;
    out.push({ title: '…', value: `${left} more fields left out`, short: false });
  }
  for (const f of out)
    slots.push({ holder: f, key: 'title', kind: 'mrkdwn' }, { holder: f, key: 'value', kind: 'mrkdwn' });
  return out;
}

function fitAttachment(a: Obj, slots: TextSlot[]): Obj {
  const out: Obj = { ...a };
  for (const [key, max, kind] of STRINGS) {
    const v = out[key];
    if (v === undefined || v === null) continue;
    out[key] = cut(typeof v === 'string' ? v : renderValue(v), max, kind);
    slots.push({ holder: out, key, kind });
  }
  if (Array.isArray(out.fields)) out.fields = fitFields(out.fields, slots);
  else delete out.fields;
  if (Array.isArray(out.blocks)) {
    const blocks = fitBlocks(out.blocks);
    out.blocks = blocks;
    slots.push(...blockTextSlots(blocks));
  }
  return out;
}

/**
 * Fits legacy attachments: at most 20 (Slack allows 100 but recommends 20; the rest are summed up in a
 * last one), each string and field cut to its limit, and 20,000 characters of text in all.
 * @param omitted attachments already left out before this call (counted in that last one). @default 0
 */
export function fitAttachments(attachments: unknown[], omitted = 0): MessageAttachment[] {
  const list = attachments.filter(isObj);
  const max = SAFE_LIMITS.attachments;
  if (list.length > max || omitted > 0) {
    const left = Math.max(0, list.length - (max - 1)) + omitted;
    list.length = max - 1;
    list.push({
      text: `… ${formatCount(left)} more attachments left out`,
      fallback: `${formatCount(left)} more attachments left out`,
    });
  }
  const slots: TextSlot[] = [];
  const out = list.map((a) => fitAttachment(a, slots));
  shrinkToBudget(slots, SAFE_LIMITS.attachmentsTotalText);
  return out as MessageAttachment[];
}
