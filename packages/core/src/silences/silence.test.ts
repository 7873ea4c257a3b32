import { describe, expect, it } from 'vitest';
import { createSilence, findSilence, MAX_SILENCE_MS, silenceCovers } from './silence.js';

const now = 1_700_000_000_000;

describe('createSilence', () => {
  it('builds a key silence and a match silence', () => {
    expect(createSilence({ key: 'err:1', forMs: 3_600_000, by: 'U0ALICE' }, now, 's1')).toEqual({
      id: 's1',
      key: 'err:1',
      until: now + 3_600_000,
      by: 'U0ALICE',
      createdAt: now,
    });
    const m = createSilence(
      { match: { environment: 'staging' }, until: now + 5, by: 'cli', reason: 'load test' },
      now,
    );
    expect(m).toMatchObject({ match: { environment: 'staging' }, until: now + 5, reason: 'load test' });
    expect(m.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses what cannot be meant', () => {
    const bad = [
      { forMs: 1000, by: 'x' },
      { key: 'k', match: { source: 'x' }, forMs: 1000, by: 'x' },
      { match: {}, forMs: 1000, by: 'x' },
      { match: { labels: {} }, forMs: 1000, by: 'x' },
      { key: '', forMs: 1000, by: 'x' },
      { key: 'k', by: 'x' },
      { key: 'k', forMs: 0, by: 'x' },
      { key: 'k', forMs: -5, by: 'x' },
      { key: 'k', forMs: MAX_SILENCE_MS + 1, by: 'x' },
      { key: 'k', until: now - 1, by: 'x' },
      { key: 'k', forMs: 1000, by: ' ' },
      { key: 'k', forMs: Number.NaN, by: 'x' },
    ];
    for (const input of bad)
      expect(() => createSilence(input as never, now), JSON.stringify(input)).toThrow();
  });
});

describe('silenceCovers / findSilence', () => {
  const byKey = createSilence({ key: 'err:1', forMs: 1000, by: 'U1' }, now, 'k');
  const staging = createSilence(
    { match: { environment: 'staging', priority: ['low', 'normal'] }, forMs: 5000, by: 'cli' },
    now,
    'm',
  );

  it('a key silence covers that key only, until it ends', () => {
    expect(silenceCovers(byKey, { key: 'err:1', priority: 'high' }, now)).toBe(true);
    expect(silenceCovers(byKey, { key: 'err:2', priority: 'high' }, now)).toBe(false);
    expect(silenceCovers(byKey, { key: 'err:1', priority: 'high' }, now + 1000)).toBe(false);
  });

  it('a match silence covers what matches', () => {
    expect(silenceCovers(staging, { priority: 'normal', environment: 'staging' }, now)).toBe(true);
    expect(silenceCovers(staging, { priority: 'high', environment: 'staging' }, now)).toBe(false);
    expect(silenceCovers(staging, { priority: 'low' }, now)).toBe(false);
  });

  it('finds the longest-lasting silence that covers the event', () => {
    const event = { key: 'err:1', priority: 'normal' as const, environment: 'staging' };
    expect(findSilence([byKey, staging], event, now)?.id).toBe('m');
    expect(findSilence([byKey, staging], event, now + 5000)).toBeUndefined();
    expect(findSilence([], event, now)).toBeUndefined();
  });
});
