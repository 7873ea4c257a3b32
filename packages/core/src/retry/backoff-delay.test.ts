import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_BACKOFF_MS } from './backoff-delay.js';

describe('backoffDelay', () => {
  it('doubles from baseMs and stops at maxMs', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      backoffDelay(n, { baseMs: 100, maxMs: 1000, jitter: 'none' }),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('never exceeds 60 s, whatever maxMs says or how many failures', () => {
    expect(backoffDelay(1000, { baseMs: 1000, maxMs: 10 * 60_000, jitter: 'none' })).toBe(MAX_BACKOFF_MS);
    for (let n = 1; n < 200; n++) expect(backoffDelay(n)).toBeLessThanOrEqual(MAX_BACKOFF_MS);
  });

  it('full jitter spreads uniformly over [0, delay]; equal jitter over [delay/2, delay]', () => {
    expect(backoffDelay(3, { baseMs: 100, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffDelay(3, { baseMs: 100, jitter: 'full' }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, jitter: 'equal' }, () => 0)).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, jitter: 'equal' }, () => 0.999)).toBeCloseTo(399.8, 0);
    const samples = Array.from({ length: 2000 }, () => backoffDelay(4, { baseMs: 100 }));
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(800);
    expect(mean).toBeGreaterThan(300);
    expect(mean).toBeLessThan(500);
  });
});
