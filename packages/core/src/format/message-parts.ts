import type { ContextBlock, HeaderBlock, MessageAttachment, SectionBlock } from '@slack/web-api';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import type { RawField } from './fields.js';
import { SAFE_LIMITS, SLACK_LIMITS } from './limits.js';
import { renderValue } from './render-value.js';
import { escapeAndTruncate, head, truncateMrkdwn, truncatePlain } from './truncate.js';

/** Field and context labels longer than this are cut: a label is not a place for data. */
const LABEL_MAX = 200;

/** A header block (plain text, so no escaping), or `undefined` for blank text. */
export function headerBlock(text: string): HeaderBlock | undefined {
  const oneLine = head(text, SLACK_LIMITS.headerText * 4)
    .replace(/\s+/g, ' ')
    .trim();
  if (oneLine === '') return undefined;
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncatePlain(oneLine, SLACK_LIMITS.headerText), emoji: true },
  };
}

/**
 * A section of escaped mrkdwn. `verbatim` stops Slack from linkifying names and URLs in data.
 */
export function sectionBlock(mrkdwn: string): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, SLACK_LIMITS.sectionText), verbatim: true },
  };
}

/** `*label*` as escaped mrkdwn, cut to a sensible label length. */
export function label(raw: string): string {
  return `*${escapeMrkdwn(truncatePlain(head(raw, LABEL_MAX * 2).replace(/\s+/g, ' '), LABEL_MAX))}*`;
}

/** Fields as sections of at most 10 mrkdwn fields each (`*title*` over the value). */
export function fieldSections(fields: RawField[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.sectionFields) {
    sections.push({
      type: 'section',
      fields: fields.slice(i, i + SLACK_LIMITS.sectionFields).map((f) => {
        const head = `${label(f.title)}\n`;
        const value = f.value === '' ? '-' : f.value;
        return {
          type: 'mrkdwn',
          text: head + escapeAndTruncate(value, SLACK_LIMITS.fieldText - head.length),
          verbatim: true,
        };
      }),
    });
  }
  return sections;
}

/** Fields as legacy attachment fields (escaped). */
export function attachmentFields(fields: RawField[]): NonNullable<MessageAttachment['fields']> {
  return fields.map((f) => ({
    title: escapeAndTruncate(truncatePlain(f.title, LABEL_MAX), SAFE_LIMITS.attachmentFieldTitle),
    value: escapeAndTruncate(f.value === '' ? '-' : f.value, SAFE_LIMITS.attachmentFieldValue),
    short: f.short,
  }));
}

/** `context` entries as escaped mrkdwn lines `*label:* value`. */
export function contextLines(context: Record<string, unknown> | undefined): string[] {
  if (!context) return [];
  return Object.entries(context).map(([k, v]) => {
    const head = `${label(`${k}:`)} `;
    return head + escapeAndTruncate(renderValue(v), SAFE_LIMITS.contextElement - head.length);
  });
}

/** A context block of escaped mrkdwn lines; past 10 elements the rest share the last one. */
export function contextBlock(lines: string[]): ContextBlock | undefined {
  const nonEmpty = lines.filter((l) => l !== '');
  if (nonEmpty.length === 0) return undefined;
  const max = SLACK_LIMITS.contextElements;
  const shown = nonEmpty.slice(0, max - 1);
  const rest = nonEmpty.slice(max - 1);
  if (rest.length > 0) shown.push(truncateMrkdwn(rest.join(' · '), SAFE_LIMITS.contextElement));
  return { type: 'context', elements: shown.map((text) => ({ type: 'mrkdwn', text, verbatim: true })) };
}
