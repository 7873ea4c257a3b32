import type { KnownBlock, SectionBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../slack/gateway-types.js';
import { blockTextSlots } from './fit-blocks.js';
import { fitToLimits } from './fit-to-limits.js';
import { SAFE_LIMITS } from './limits.js';
import { totalLength } from './text-budget.js';
import { validateMessage } from './validate-message.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('validateMessage', () => {
  it('is empty for a good message', () => {
    expect(validateMessage({ text: 'hi', blocks: [section('x')] })).toEqual([]);
  });

  it('lists each violation', () => {
    const bad = {
      text: 'x'.repeat(40_001),
      blocks: [
        ...Array.from({ length: 50 }, () => ({ type: 'divider' })),
        section('y'.repeat(3_001)),
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        { type: 'header', text: { type: 'mrkdwn', text: 'h' } },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        { type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2_001) }] },
        { type: 'section', text: { type: 'mrkdwn', text: '' } },
        { type: 'section' },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        { type: 'section', block_id: 'b'.repeat(256), text: { type: 'mrkdwn', text: 'lone \uD800' } },
        { type: 'markdown', text: 'm'.repeat(9_000) },
      ],
      attachments: Array.from({ length: 101 }, () => ({ title: 't'.repeat(1_025) })),
    } as unknown as SlackMessage;
    const v = validateMessage(bad).join('\n');
    for (const expected of [
      'text: 40001 characters > 40000',
      'blocks: 60 blocks > 50',
      'blocks[50].text.text: 3001 characters > 3000',
      'blocks[51].text.text: 151 characters > 150',
      'blocks[52].text.type: must be plain_text',
      'blocks[53].fields: 11 items > 10',
      'blocks[54].fields[0].text: 2001 characters > 2000',
      'blocks[55].text.text: must be a non-empty string',
      'blocks[56]: a section needs text or fields',
      'blocks[57].elements: 11 items > 10',
      'blocks[58].block_id: longer than 255',
      'lone UTF-16 surrogate',
      'msg_blocks_too_long',
      'attachments: 101 > 100',
      'attachments[0].title: 1025 characters > 1024',
    ]) {
      expect(v).toContain(expected);
    }
    expect(validateMessage({ text: ' ' })).toEqual(['text: empty message (no_text)']);
  });
});

describe('fitToLimits', () => {
  it('fixes every violation validateMessage finds', () => {
    const bad = {
      text: `\`\`\`${'x'.repeat(50_000)}`,
      blocks: [...Array.from({ length: 60 }, (_, i) => section(`block ${i}`))],
    } as SlackMessage;
    const fitted = fitToLimits(bad);
    expect(validateMessage(fitted)).toEqual([]);
    expect(fitted.text.length).toBeLessThanOrEqual(SAFE_LIMITS.fallbackText);
    expect(fitted.blocks).toHaveLength(50);
    expect(fitted.blocks?.at(-1)).toMatchObject({
      type: 'context',
      elements: [{ text: '… 11 more blocks left out' }],
    });
  });

  it('keeps text-only messages up to 39,000 characters', () => {
    const fitted = fitToLimits({ text: 'x'.repeat(100_000) });
    expect(fitted.text.length).toBeLessThanOrEqual(39_000);
    expect(fitted.text.length).toBeGreaterThan(38_900);
    expect(fitted.text).toMatch(/truncated, 61,0\d\d more characters\)$/);
  });

  it('splits sections with too many fields, drops blank texts and blocks, fixes headers', () => {
    const fitted = fitToLimits({
      text: 'x',
      blocks: [
        {
          type: 'section',
          fields: Array.from({ length: 25 }, (_, i) => ({ type: 'mrkdwn', text: i ? `f${i}` : '' })),
        },
        { type: 'section', text: { type: 'mrkdwn', text: '  ' } },
        { type: 'header', text: { type: 'plain_text', text: `multi\nline ${'h'.repeat(300)}` } },
        {
          type: 'context',
          elements: Array.from({ length: 14 }, (_, i) => ({ type: 'mrkdwn', text: `c${i}` })),
        },
      ],
    } as SlackMessage);
    expect(validateMessage(fitted)).toEqual([]);
    const [a, b, c, header, context] = fitted.blocks as unknown as Array<
      SectionBlock & { elements?: unknown[] }
    >;
    expect(a?.fields).toHaveLength(10);
    expect(b?.fields).toHaveLength(10);
    expect(c?.fields).toHaveLength(4);
    expect(JSON.stringify(header)).toContain('multi line hhh');
    expect(context?.elements).toHaveLength(10);
    expect(JSON.stringify(context)).toContain('c9 · c10 · c11 · c12 · c13');
    expect(fitted.blocks).toHaveLength(5);
  });

  it('keeps the total block text under the budget, cutting the longest first', () => {
    const blocks = [section('short'), ...Array.from({ length: 8 }, () => section('z'.repeat(2_900)))];
    const fitted = fitToLimits({ text: 'x', blocks });
    expect(totalLength(blockTextSlots(fitted.blocks ?? []))).toBeLessThanOrEqual(SAFE_LIMITS.blocksTotalText);
    expect((fitted.blocks![0] as SectionBlock).text?.text).toBe('short');
    expect(validateMessage(fitted)).toEqual([]);
  });

  it('fits attachments: count, strings, fields and total', () => {
    const attachments = Array.from({ length: 30 }, () => ({
      text: 'a'.repeat(9_000),
      title: 't'.repeat(2_000),
      fields: Array.from({ length: 25 }, () => ({ title: 'k', value: 'v'.repeat(3_000), short: true })),
    }));
    const fitted = fitToLimits({ text: 'x', attachments });
    expect(validateMessage(fitted)).toEqual([]);
    expect(fitted.attachments).toHaveLength(20);
    expect(fitted.attachments?.at(-1)?.text).toBe('… 11 more attachments left out');
    expect(fitted.attachments?.[0]?.fields).toHaveLength(20);
    expect(JSON.stringify(fitted.attachments).length).toBeLessThan(60_000);
  });

  it('makes strings well-formed, does not mutate its input and gives text to an empty message', () => {
    const input = { text: '', blocks: [section('a\uDC00')] } as SlackMessage;
    const fitted = fitToLimits(input);
    expect((fitted.blocks![0] as SectionBlock).text?.text).toBe('a\uFFFD');
    expect((input.blocks![0] as SectionBlock).text?.text).toBe('a\uDC00');
    expect(fitted.text).toBe('Notification');
    expect(fitToLimits({ text: '' })).toEqual({ text: 'Notification' });
  });
});
