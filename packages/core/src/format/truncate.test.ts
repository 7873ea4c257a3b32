import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import {
  balanceFences,
  countFences,
  escapeAndTruncate,
  truncateMrkdwn,
  truncatePlain,
  truncationNotice,
} from './truncate.js';
import { isWellFormed } from './well-formed.js';

describe('truncation', () => {
  it('leaves short text alone', () => {
    expect(truncateMrkdwn('hello', 100)).toBe('hello');
  });

  it('cuts long text and says how much it left out', () => {
    const out = truncateMrkdwn('x'.repeat(10_000), 1_000);
    expect(out.length).toBeLessThanOrEqual(1_000);
    expect(out).toMatch(/… \(truncated, [\d,]+ more characters\)$/);
    const kept = out.split('\n')[0]?.length ?? 0;
    expect(out).toContain(truncationNotice(10_000 - kept));
  });

  it('closes a code block it cut through', () => {
    const out = truncateMrkdwn(`intro\n\`\`\`\n${'line\n'.repeat(2_000)}\`\`\`\nafter`, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(countFences(out) % 2).toBe(0);
    expect(out).toMatch(/```\n… \(truncated/);
  });

  it('balances an odd fence count even without cutting', () => {
    expect(balanceFences('a ``` b')).toBe('a ``` b\n```');
    expect(countFences(truncateMrkdwn('a ``` b', 100)) % 2).toBe(0);
  });

  it('does not cut inside an entity, a token, a surrogate pair or a backtick run', () => {
    const entity = truncateMrkdwn(`${'a'.repeat(60)}&amp;${'b'.repeat(200)}`, 110);
    expect(entity).not.toMatch(/&a?m?p?\n/);
    for (let max = 95; max < 115; max++) {
      const first = truncateMrkdwn(`${'a'.repeat(60)}<!channel>${'b'.repeat(200)}`, max).split('\n')[0] ?? '';
      // Either the whole token or none of it.
      expect(first.includes('<') ? first.includes('<!channel>') : true).toBe(true);
    }
    const emoji = truncateMrkdwn('😀'.repeat(500), 301);
    expect(isWellFormed(emoji)).toBe(true);
    const ticks = truncateMrkdwn(`${'a'.repeat(60)}\`\`\`${'b'.repeat(200)}`, 110);
    expect(countFences(ticks) % 2).toBe(0);
  });

  it('escapeAndTruncate escapes, cuts huge input cheaply and counts the rest', () => {
    const raw = `<!channel>${'z'.repeat(1_000_000)}`;
    const started = performance.now();
    const out = escapeAndTruncate(raw, 3_000);
    expect(performance.now() - started).toBeLessThan(200);
    expect(out.length).toBeLessThanOrEqual(3_000);
    expect(out.startsWith(escapeMrkdwn('<!channel>'))).toBe(true);
    const removed = Number(/truncated, ([\d,]+) more/.exec(out)?.[1]?.replace(/,/g, ''));
    const keptRaw = raw.length - removed;
    expect(keptRaw).toBeGreaterThan(2_800);
    expect(keptRaw).toBeLessThan(3_000);
  });

  it('tiny limits still respect the limit and never leave a fence open', () => {
    const out = truncateMrkdwn('```code```more text here and more and more', 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(countFences(out) % 2).toBe(0);
  });

  it('truncatePlain cuts with an ellipsis', () => {
    expect(truncatePlain('abcdef', 4)).toBe('abc…');
    expect(truncatePlain('ab\uD800', 10)).toBe('ab\uFFFD');
  });
});
