import { describe, expect, it } from 'vitest';
import { formatDuration, safeLinkUrl } from './deployment-template.js';
import { droppedNoticeLine, formatClock, formatWindow, groupLine } from './status-lines.js';
import { formatCount } from './truncate.js';

describe('status lines and small formatters', () => {
  it('formatWindow', () => {
    expect(formatWindow(600_000)).toBe('10 min');
    expect(formatWindow(7_200_000)).toBe('2 h');
    expect(formatWindow(30_000)).toBe('30 s');
    expect(formatWindow(90_500)).toBe('91 s');
    expect(formatWindow(250)).toBe('250 ms');
  });

  it('formatClock and formatCount', () => {
    expect(formatClock(Date.UTC(2026, 0, 1, 9, 5, 7))).toBe('09:05:07 UTC');
    expect(formatClock(Number.NaN)).toBeUndefined();
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
  });

  it('dropped notice escapes reasons and skips zero counts', () => {
    expect(droppedNoticeLine({ count: 2, byReason: { '<!channel>': 2, flood: 0 } })).toBe(
      '⚠ 2 earlier notifications were dropped (&lt;!channel&gt;: 2)',
    );
    expect(droppedNoticeLine({ count: Number.NaN })).toBeUndefined();
    expect(droppedNoticeLine(undefined)).toBeUndefined();
  });

  it('group line without a valid last time', () => {
    expect(groupLine({ count: 1_500, firstAt: 0, lastAt: Number.NaN, windowMs: 30_000 })).toBe(
      '×1,500 in the last 30 s',
    );
  });

  it('formatDuration', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_500)).toBe('12.5 s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
  });

  it('safeLinkUrl accepts http(s) only and encodes token breakers', () => {
    expect(safeLinkUrl('https://a.test/x?y=1&z=2')).toEqual({
      href: 'https://a.test/x?y=1&z=2',
      token: 'https://a.test/x?y=1&amp;z=2',
    });
    expect(safeLinkUrl('ftp://a.test/')).toBeUndefined();
    expect(safeLinkUrl('http://a.test/<!here>|x')?.token).toBe('http://a.test/%3C!here%3E%7Cx');
    expect(safeLinkUrl(undefined)).toBeUndefined();
  });
});
