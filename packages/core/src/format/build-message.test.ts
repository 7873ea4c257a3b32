import type { ContextBlock, HeaderBlock, SectionBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.js';
import { READ_MAX } from './read-limit.js';
import { countFences } from './truncate.js';
import { validateMessage } from './validate-message.js';

const texts = (m: ReturnType<typeof buildMessage>) => JSON.stringify(m);
const block = <T>(m: ReturnType<typeof buildMessage>, type: string, nth = 0) =>
  m.blocks?.filter((b) => b.type === type)[nth] as T | undefined;

describe('buildMessage: plain notice', () => {
  it('a string is a text-only message with the normal marker', () => {
    expect(buildMessage('Deploy done & dusted')).toEqual({ text: '🟢 Deploy done &amp; dusted' });
  });

  it('markers follow the priority and can be configured or turned off', () => {
    expect(buildMessage({ text: 'x', priority: 'high' }).text).toBe('🔴 x');
    expect(buildMessage({ text: 'x', priority: 'low' }).text).toBe('⚪ x');
    expect(buildMessage({ text: 'x', priority: 'high' }, { markers: { high: ':fire:' } }).text).toBe(
      ':fire: x',
    );
    expect(buildMessage({ text: 'x' }, { markers: { normal: '' } }).text).toBe('x');
  });

  it('escapes data so it cannot ping or link; only mention pings', () => {
    const m = buildMessage({ text: '<!channel> <@U1> <https://evil|click>', mention: 'here' });
    expect(m.text).toBe('🟢 <!here> &lt;!channel&gt; &lt;@U1&gt; &lt;https://evil|click&gt;');
  });

  it('title, text, fields and context become blocks, with a fallback text', () => {
    const m = buildMessage({
      title: 'Disk <almost> full',
      text: 'Volume /data at *91%*',
      priority: 'high',
      fields: { host: 'db-1', used: 0.91, tags: ['a', 'b'] },
      context: { region: 'eu-west-1' },
    });
    expect(m.text).toBe('🔴 Disk &lt;almost&gt; full: Volume /data at *91%*');
    expect(block<HeaderBlock>(m, 'header')?.text).toEqual({
      type: 'plain_text',
      text: '🔴 Disk <almost> full',
      emoji: true,
    });
    expect(block<SectionBlock>(m, 'section')?.text).toMatchObject({
      type: 'mrkdwn',
      text: 'Volume /data at *91%*',
      verbatim: true,
    });
    expect(block<SectionBlock>(m, 'section', 1)?.fields?.map((f) => f.text)).toEqual([
      '*host*\ndb-1',
      '*used*\n0.91',
      '*tags*\n["a","b"]',
    ]);
    expect(block<ContextBlock>(m, 'context')?.elements).toEqual([
      { type: 'mrkdwn', text: '*region:* eu-west-1', verbatim: true },
    ]);
    expect(validateMessage(m)).toEqual([]);
  });

  it('splits more than 10 fields over several sections', () => {
    const fields = Object.fromEntries(Array.from({ length: 23 }, (_, i) => [`f${i}`, i]));
    const m = buildMessage({ title: 't', fields });
    const sections = m.blocks?.filter((b) => b.type === 'section') as SectionBlock[];
    expect(sections.map((s) => s.fields?.length)).toEqual([10, 10, 3]);
  });

  it('a list of fields with a colour goes into a legacy attachment', () => {
    const m = buildMessage({
      text: 'x',
      color: 'warning',
      fields: [{ title: 'a<b', value: 'c&d', short: false }],
    });
    expect(m.attachments).toEqual([
      {
        color: 'warning',
        fields: [{ title: 'a&lt;b', value: 'c&amp;d', short: false }],
        mrkdwn_in: ['text', 'fields'],
      },
    ]);
  });

  it('mentions go in front of the first section and in the text', () => {
    const m = buildMessage({
      title: 'T',
      text: 'body',
      mention: ['channel', { user: 'U42' }, { group: 'S9A' }],
    });
    expect(m.text.startsWith('🟢 <!channel> <@U42> <!subteam^S9A> ')).toBe(true);
    expect(block<SectionBlock>(m, 'section')?.text?.text).toBe('<!channel> <@U42> <!subteam^S9A> body');
  });

  it('keeps raw blocks and attachments, fitted', () => {
    const m = buildMessage({
      text: 'x',
      blocks: [{ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(5_000) } }],
      attachments: [{ text: 'raw', color: '#00ff00' }],
    });
    expect(m.blocks?.[1]).toEqual({ type: 'divider' });
    expect((m.blocks![2] as SectionBlock).text?.text.length).toBeLessThanOrEqual(3_000);
    expect(m.attachments).toEqual([{ text: 'raw', color: '#00ff00' }]);
    expect(validateMessage(m)).toEqual([]);
  });
});

describe('buildMessage: error template', () => {
  it('shows name, message, stack in a code block and the cause chain', () => {
    const error = new TypeError('Cannot read <!channel> of undefined', { cause: new Error('db gone') });
    const m = buildMessage({ error, priority: 'high', context: { requestId: 'r-1' } });
    expect(block<HeaderBlock>(m, 'header')?.text.text).toBe(
      '🔴 TypeError: Cannot read <!channel> of undefined',
    );
    const sections = (m.blocks!.filter((b) => b.type === 'section') as SectionBlock[]).map(
      (s) => s.text?.text ?? '',
    );
    expect(sections[0]).toBe('*TypeError*: Cannot read &lt;!channel&gt; of undefined');
    expect(sections[1]).toMatch(/^```\nat .*build-message\.test\.ts/);
    expect(sections[1]?.endsWith('\n```')).toBe(true);
    expect(sections[2]).toBe('↳ Caused by *Error*: db gone');
    expect(m.text).toBe('🔴 TypeError: Cannot read &lt;!channel&gt; of undefined');
    expect(validateMessage(m)).toEqual([]);
  });

  it('a 59 KB stack is cut inside its code block, fences balanced, with a notice', () => {
    const error = new Error('big');
    error.stack = `Error: big\n${'    at fn (/app/src/x.ts:1:1) ```\n'.repeat(1_700)}`;
    expect(error.stack.length).toBeLessThanOrEqual(READ_MAX);
    const m = buildMessage({ error });
    const stack = (m.blocks!.filter((b) => b.type === 'section')[1] as SectionBlock).text?.text ?? '';
    expect(stack.length).toBeLessThanOrEqual(3_000);
    expect(countFences(stack)).toBe(2);
    expect(stack).toMatch(/… \(truncated, [\d,]+ more characters\)\n```$/);
    expect(validateMessage(m)).toEqual([]);
  });

  it('a 1 MB stack and a 5 MB message are not read: the message says so, with their sizes', () => {
    const error = new Error(`${'m'.repeat(5 * 1024 * 1024)}!`);
    error.stack = `Error: big\n${'    at fn (/app/src/x.ts:1:1) ```\n'.repeat(40_000)}`;
    const m = buildMessage({ error });
    const sections = (m.blocks!.filter((b) => b.type === 'section') as SectionBlock[]).map(
      (s) => s.text?.text ?? '',
    );
    expect(sections[0]).toBe(
      '*Error*: _(message not shown: 5,242,881 characters, more than the 60,000 the notifier reads)_',
    );
    expect(sections[1]).toBe(
      `_(stack not shown: ${(error.stack.length).toLocaleString('en-US')} characters, more than the 60,000 the notifier reads)_`,
    );
    expect(m.text).toContain('Error: (message not shown: 5,242,881 characters');
    expect(validateMessage(m)).toEqual([]);
  });

  it('a message over 12,000 characters is cut with a notice that counts all it left out', () => {
    const m = buildMessage({ error: new Error('x'.repeat(50_000)) });
    const first = (m.blocks!.filter((b) => b.type === 'section')[0] as SectionBlock).text?.text ?? '';
    expect(first.length).toBeLessThanOrEqual(3_000);
    const left = Number(/truncated, ([\d,]+) more characters/.exec(first)?.[1]?.replace(/,/g, ''));
    expect(left + (first.match(/x/g)?.length ?? 0)).toBe(50_000);
  });

  it('renders AggregateError members and non-Error throwables', () => {
    const agg = buildMessage({ error: new AggregateError([new Error('a'), 'b'], 'two failed') });
    expect(texts(agg)).toContain('1. *Error*: a');
    expect(texts(agg)).toContain('2. *Thrown string*: b');
    const thrown = buildMessage({ error: { status: 500 } });
    expect(texts(thrown)).toContain('*Thrown object*: {\\"status\\":500}');
    expect(validateMessage(thrown)).toEqual([]);
  });
});

describe('buildMessage: deployment template', () => {
  const deployment = {
    service: 'billing-api',
    version: 'v2.3.1',
    environment: 'production',
    status: 'succeeded' as const,
    url: 'https://ci.example.com/runs/42?x=1&y=2',
    by: 'ann',
    durationMs: 83_000,
  };

  it('summary in blocks, colour bar and fields in an attachment', () => {
    const m = buildMessage({ deployment, fields: { commit: 'abc123' } });
    expect(block<HeaderBlock>(m, 'header')?.text.text).toBe(
      '🟢 Deployment succeeded: billing-api v2.3.1 → production',
    );
    expect(block<SectionBlock>(m, 'section')?.text?.text).toBe(
      '✅ *billing-api* v2.3.1 → *production*: Succeeded',
    );
    const a = m.attachments?.[0];
    expect(a?.color).toBe('good');
    expect(a?.title_link).toBe('https://ci.example.com/runs/42?x=1&y=2');
    expect(a?.fields?.map((f) => [f.title, f.value])).toEqual([
      ['Service', 'billing-api'],
      ['Version', 'v2.3.1'],
      ['Environment', 'production'],
      ['Status', '✅ Succeeded'],
      ['By', 'ann'],
      ['Duration', '1m 23s'],
      ['commit', 'abc123'],
      ['Link', '<https://ci.example.com/runs/42?x=1&amp;y=2|Open>'],
    ]);
    expect(validateMessage(m)).toEqual([]);
  });

  it.each([
    ['failed', 'danger'],
    ['rolled_back', 'warning'],
    ['started', '#439FE0'],
  ] as const)('status %s has colour %s', (status, color) => {
    expect(buildMessage({ deployment: { ...deployment, status } }).attachments?.[0]?.color).toBe(color);
  });

  it('a URL that is not http(s) or would break the link token is not linked', () => {
    for (const url of ['javascript:alert(1)', 'not a url', 'https://x.test/a|<!channel>']) {
      const m = buildMessage({ deployment: { ...deployment, url } });
      const link = m.attachments?.[0]?.fields?.find((f) => f.title === 'Link')?.value ?? '';
      expect(link).not.toMatch(/<!channel>|<javascript/);
    }
    const piped = buildMessage({ deployment: { ...deployment, url: 'https://x.test/a|<!channel>' } });
    expect(piped.attachments?.[0]?.fields?.find((f) => f.title === 'Link')?.value).toBe(
      '<https://x.test/a%7C%3C!channel%3E|Open>',
    );
  });
});

describe('buildMessage: status lines', () => {
  it('renders the dropped notice', () => {
    const m = buildMessage('x', { droppedNotice: { count: 12, byReason: { queue_overflow: 10, flood: 2 } } });
    const last = m.blocks?.at(-1) as ContextBlock;
    expect(last.elements[0]).toMatchObject({
      text: '⚠ 12 earlier notifications were dropped (queue_overflow: 10, flood: 2)',
    });
    expect(buildMessage('x', { droppedNotice: { count: 1 } }).blocks?.at(-1)).toMatchObject({
      elements: [{ text: '⚠ 1 earlier notification was dropped' }],
    });
    expect(buildMessage('x', { droppedNotice: { count: 0 } }).blocks).toBeUndefined();
  });

  it('renders the storm counter under the header and in the text', () => {
    const lastAt = Date.UTC(2026, 10, 27, 12, 3, 4);
    const m = buildMessage(
      { title: 'Boom' },
      { group: { count: 214, firstAt: lastAt - 500_000, lastAt, windowMs: 600_000 } },
    );
    expect(m.blocks?.[1]).toMatchObject({
      type: 'context',
      elements: [{ text: '×214 in the last 10 min, last at 12:03:04 UTC' }],
    });
    expect(m.text).toBe('🟢 Boom (×214)');
    expect(
      buildMessage('x', { group: { count: 1, firstAt: 0, lastAt: 0, windowMs: 1 } }).blocks,
    ).toBeUndefined();
  });
});
