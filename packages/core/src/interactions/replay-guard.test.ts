import { describe, expect, it } from 'vitest';
import { createReplayGuard } from './replay-guard.js';

describe('createReplayGuard', () => {
  it('admits a signature once', () => {
    const guard = createReplayGuard();
    expect(guard.admit('a', 100, 100_000)).toBe(true);
    expect(guard.admit('a', 100, 100_000)).toBe(false);
    expect(guard.admit('b', 100, 100_000)).toBe(true);
    expect(guard.size()).toBe(2);
  });

  it('stays within maxEntries and never admits a replay of a forgotten signature', () => {
    const guard = createReplayGuard({ maxEntries: 3 });
    const now = 1_000_000;
    for (let i = 0; i < 10; i++) expect(guard.admit(`s${i}`, 1000 + i, now)).toBe(true);
    expect(guard.size()).toBe(3);
    for (let i = 0; i < 10; i++) expect(guard.admit(`s${i}`, 1000 + i, now)).toBe(false);
    // A newer request still gets in.
    expect(guard.admit('new', 1010, now)).toBe(true);
  });

  it('drops expired signatures first when full, so nothing live is forgotten', () => {
    const guard = createReplayGuard({ maxEntries: 2, windowSec: 300 });
    expect(guard.admit('old', 1000, 1_000_000)).toBe(true);
    expect(guard.admit('live', 1600, 1_600_000)).toBe(true);
    expect(guard.admit('newer', 1601, 1_601_000)).toBe(true);
    expect(guard.admit('live', 1600, 1_601_000)).toBe(false);
    expect(guard.size()).toBe(2);
    // Full of live ones: the oldest is forgotten and the floor rises to its timestamp.
    expect(guard.admit('another', 1602, 1_602_000)).toBe(true);
    expect(guard.size()).toBe(2);
    expect(guard.admit('live', 1600, 1_602_000)).toBe(false);
    expect(guard.admit('same-second-as-forgotten', 1600, 1_602_000)).toBe(false);
  });
});
