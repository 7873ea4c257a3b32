import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../testing/fake-clock.js';
import { LateCommits } from './late-commits.js';

const T = 10_000;
const tsAt = (ms: number) => (ms / 1000).toFixed(6);

describe('LateCommits', () => {
  it('defaults: grace = timeout, widest grace = 3 x timeout; no record = one final look from the acceptance', () => {
    const clock = createFakeClock();
    const lc = new LateCommits(undefined, T, clock);
    expect([lc.graceMs, lc.maxGraceMs, lc.currentGraceMs()]).toEqual([T, 3 * T, T]);
    expect(lc.plan('x', clock.now(), 1_000_000, 60_000)).toEqual({
      action: 'look',
      lookupId: 'x',
      final: true,
      oldestMs: 940_000,
    });
  });

  it('the window starts when the outcome became unknown (the timeout), whenever the post was handed over', () => {
    const clock = createFakeClock(0);
    const lc = new LateCommits(undefined, T, clock);
    // Queued 4 s in the client behind other requests, then timed out at 14 s: it went out at 4 s.
    lc.timedOut('a', 14_000);
    // Nothing learnt: the first look right away, the last at 14 + 10 s; history read from 4 s (- skew).
    expect(lc.plan('a', 15_000, 0, 0)).toMatchObject({ action: 'look', final: false, oldestMs: 4_000 });
    expect(lc.absent('a', 15_000)).toBe(24_000);
    expect(lc.plan('a', 20_000, 0, 0)).toEqual({ action: 'wait', until: 24_000 });
    expect(lc.plan('a', 24_000, 0, 60_000)).toMatchObject({ action: 'look', final: true, oldestMs: -56_000 });
  });

  it('learns the grace from where found posts landed: twice the largest of the last 16, within the bounds', () => {
    const clock = createFakeClock(0);
    const lc = new LateCommits(undefined, T, clock);
    lc.timedOut('a', T);
    expect(lc.found('a', tsAt(25_000))).toBe(15_000);
    expect(lc.currentGraceMs()).toBe(30_000);
    // The first look of the next one waits until it should have landed: timeout + 1.25 x 15 s.
    lc.timedOut('b', 100_000 + T);
    expect(lc.plan('b', 111_000, 0, 0)).toEqual({ action: 'wait', until: 100_000 + T + 18_750 });
    lc.timedOut('c', T);
    lc.found('c', tsAt(60_000));
    expect(lc.currentGraceMs()).toBe(3 * T);
    for (let i = 0; i < 16; i++) {
      lc.timedOut(`s${i}`, T);
      lc.found(`s${i}`, tsAt(T + 1_000));
    }
    expect(lc.lateness).toBe(1_000);
    expect(lc.currentGraceMs()).toBe(T);
  });

  it('a digest: the others share the first item’s fate, found or given up', () => {
    const clock = createFakeClock(0);
    const lc = new LateCommits(undefined, T, clock);
    lc.timedOut('first', T, ['b', 'c']);
    expect(lc.plan('b', 11_000, 0, 0)).toMatchObject({ action: 'look', lookupId: 'first' });
    lc.found('first', tsAt(12_000));
    expect(lc.plan('b', 30_000, 0, 0)).toEqual({ action: 'known', ts: tsAt(12_000) });
    lc.timedOut('d', T, ['e']);
    lc.absent('d', 11_000);
    lc.givenUp('d');
    expect(lc.plan('e', 30_000, 0, 0)).toEqual({ action: 'known', ts: undefined });
  });

  it('the history budget: a burst of 3, then historyPerMinute', async () => {
    const clock = createFakeClock(0);
    const lc = new LateCommits({ historyPerMinute: 6 }, T, clock);
    for (let i = 0; i < 3; i++) {
      expect(lc.budget.waitMs()).toBe(0);
      lc.budget.take();
    }
    expect(lc.budget.waitMs()).toBe(10_000);
    await clock.advance(10_000);
    expect(lc.budget.waitMs()).toBe(0);
  });

  it('the history budget goes into debt for a long walk, and the next look-up waits it off', async () => {
    const clock = createFakeClock(0);
    const lc = new LateCommits({ historyPerMinute: 60 }, T, clock);
    // A walk of 5 pages on a budget of 3: all are read (a cut walk would start again from page 1).
    for (let i = 0; i < 5; i++) lc.budget.take();
    // 2 calls of debt + 1 to spend: 3 s at 1 per second.
    expect(lc.budget.waitMs()).toBe(3_000);
    await clock.advance(3_000);
    expect(lc.budget.waitMs()).toBe(0);
  });

  it('forgets the oldest records beyond 10,000', () => {
    const lc = new LateCommits(undefined, T, createFakeClock(0));
    for (let i = 0; i <= 10_000; i++) lc.timedOut(`m${i}`, T);
    expect(lc.size).toBe(10_000);
    expect(lc.record('m0')).toBeUndefined();
    expect(lc.record('m10000')).toBeDefined();
  });
});
