import { describe, expect, it } from 'vitest';
import { plainTextFallback } from './plain-text-fallback.js';
import { countFences } from './truncate.js';
import { validateMessage } from './validate-message.js';

describe('plainTextFallback', () => {
  it('renders everything as escaped text only', () => {
    const m = plainTextFallback(
      {
        title: 'Payment <failed>',
        text: 'card & co',
        priority: 'high',
        mention: 'here',
        error: new Error('declined <!channel>'),
        fields: { amount: 12.5 },
        context: { user: '<@U1>' },
        blocks: [{ type: 'divider' }],
        deployment: { service: 's', version: '1', environment: 'e', status: 'failed', durationMs: 500 },
      },
      { droppedNotice: { count: 3 }, group: { count: 5, firstAt: 0, lastAt: 0, windowMs: 60_000 } },
    );
    expect(Object.keys(m)).toEqual(['text']);
    const lines = m.text.split('\n');
    expect(lines[0]).toBe('🔴 <!here> *Payment &lt;failed&gt;*');
    expect(lines[1]).toBe('_×5 in the last 1 min, last at 00:00:00 UTC_');
    expect(m.text).toContain('card &amp; co');
    expect(m.text).toContain('*Error*: declined &lt;!channel&gt;');
    expect(m.text).toContain('Deployment failed: *s* 1 → *e*');
    expect(m.text).toContain('Duration: 500 ms');
    expect(m.text).toContain('*amount*: 12.5');
    expect(m.text).toContain('*user:* &lt;@U1&gt;');
    expect(m.text).toContain('_(rich content left out: 1 blocks, 0 attachments)_');
    expect(m.text).toContain('_⚠ 3 earlier notifications were dropped_');
    expect(countFences(m.text) % 2).toBe(0);
    expect(validateMessage(m)).toEqual([]);
  });

  it('stays under the text limit with huge parts', () => {
    const error = new Error('m'.repeat(1_000_000));
    error.stack = `Error\n${'    at f (/a.js:1:1)\n'.repeat(100_000)}`;
    const m = plainTextFallback({
      text: 't'.repeat(1_000_000),
      error,
      fields: { big: 'v'.repeat(1_000_000) },
    });
    expect(m.text.length).toBeLessThanOrEqual(39_000);
    expect(countFences(m.text) % 2).toBe(0);
    expect(validateMessage(m)).toEqual([]);
  });
});
