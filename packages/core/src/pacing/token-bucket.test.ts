import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.js';

/** Sends as soon as the bucket allows, from `start`, for `count` requests; returns the send times. */
function sendGreedily(rate: number, burst: number, count: number, arrivals: number[] = []): number[] {
  const bucket = createTokenBucket({ ratePerSecond: rate, burst });
  const sent: number[] = [];
  let now = 0;
  for (let i = 0; i < count; i++) {
    now = Math.max(now, arrivals[i] ?? 0);
    const wait = bucket.waitMs(now);
    now += wait;
    expect(bucket.waitMs(now)).toBe(0);
    bucket.take(now);
    sent.push(now);
  }
  return sent;
}

describe('createTokenBucket', () => {
  it('with burst 1 spaces requests exactly 1/rate apart', () => {
    const sent = sendGreedily(1, 1, 10);
    for (let i = 1; i < sent.length; i++)
      expect((sent[i] ?? 0) - (sent[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(sent[9]).toBe(9000);
  });

  it('lets `burst` through back to back, then the rate', () => {
    const sent = sendGreedily(2, 3, 6);
    expect(sent.slice(0, 3)).toEqual([0, 0, 0]);
    expect(sent[3]).toBe(500);
    expect(sent[5]).toBe(1500);
  });

  it('never admits more than burst + T × rate in any sliding window (no double burst at an edge)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 2, maxLength: 120 }),
        fc.integer({ min: 1, max: 3000 }),
        (rate, burst, gaps, windowMs) => {
          let t = 0;
          const arrivals = gaps.map((g) => (t += g));
          const sent = sendGreedily(rate, burst, arrivals.length, arrivals);
          for (let i = 0; i < sent.length; i++) {
            let inWindow = 0;
            for (let j = i; j < sent.length && (sent[j] ?? 0) < (sent[i] ?? 0) + windowMs; j++) inWindow++;
            expect(inWindow).toBeLessThanOrEqual(burst + Math.ceil((windowMs * rate) / 1000));
          }
          if (burst === 1) {
            for (let i = 1; i < sent.length; i++) {
              expect((sent[i] ?? 0) - (sent[i - 1] ?? 0)).toBeGreaterThanOrEqual(Math.floor(1000 / rate) - 1);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a non-positive rate', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
