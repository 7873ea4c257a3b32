import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../testing/fake-clock.js';
import type { BudgetPriority, SharedBudget } from './budget-types.js';
import { createSlackBudget } from './create-slack-budget.js';

const T0 = 1_700_000_000_000;
const POST_GAP = 1000 / 0.96;
const UPDATE_GAP = 60_000 / (50 * 0.96);

/** Acquires at once, records when each was granted (ms after T0), then runs the clock for `ms`. */
async function grants(
  requests: { method: string; channel?: string; priority?: BudgetPriority; label?: string }[],
  ms: number,
  options = {},
) {
  const clock = createFakeClock(T0);
  const budget = createSlackBudget({ clock, ...options });
  const order: { label: string; at: number }[] = [];
  requests.forEach((r, i) => {
    void budget.acquire(r).then((go) => {
      if (go) order.push({ label: r.label ?? String(i), at: clock.now() - T0 });
    });
  });
  await clock.advance(ms);
  return { order, budget, clock };
}

describe('createSlackBudget', () => {
  it('spaces chat.postMessage per channel at 1/s × headroom, channels independent', async () => {
    const reqs = [
      ...Array.from({ length: 5 }, (_, i) => ({ method: 'chat.postMessage', channel: 'C1', label: `a${i}` })),
      ...Array.from({ length: 5 }, (_, i) => ({ method: 'chat.postMessage', channel: 'C2', label: `b${i}` })),
    ];
    const { order } = await grants(reqs, 10_000);
    const a = order.filter((o) => o.label.startsWith('a')).map((o) => o.at);
    const b = order.filter((o) => o.label.startsWith('b')).map((o) => o.at);
    expect(a).toHaveLength(5);
    expect(b).toHaveLength(5);
    for (const times of [a, b]) {
      expect(times[0]).toBe(0);
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(POST_GAP - 1);
      // Not slower than the rate either: the fifth goes 4 gaps after the first (ceil of the timer ms).
      expect(times[4]).toBeLessThanOrEqual(Math.ceil(4 * POST_GAP) + 4);
    }
  });

  it('holds chat.update to Tier 3 per workspace: a burst of 25, then one per 1.25 s, whatever the channel', async () => {
    const reqs = Array.from({ length: 32 }, (_, i) => ({ method: 'chat.update', channel: `C${i % 3}` }));
    const { order, budget } = await grants(reqs, 60_000);
    const times = order.map((o) => o.at);
    expect(times).toHaveLength(32);
    expect(times.slice(0, 25)).toEqual(Array(25).fill(0));
    expect(times[25]).toBeGreaterThan(0);
    for (let i = 25; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(UPDATE_GAP - 1);
    expect(budget.states().map((s) => s.key)).toEqual(['chat.update']);
    expect(budget.states()[0]?.perMinute).toBeCloseTo(48, 6);
  });

  it('lets Special methods (auth.test, chat.getPermalink) go at once', async () => {
    const reqs = Array.from({ length: 20 }, (_, i) => ({
      method: i % 2 ? 'auth.test' : 'chat.getPermalink',
    }));
    const { order, budget } = await grants(reqs, 0);
    expect(order).toHaveLength(20);
    expect(budget.states()).toEqual([]);
  });

  it('serves waiters by priority, then first come first served', async () => {
    const clock = createFakeClock(T0);
    const budget = createSlackBudget({ clock });
    const order: string[] = [];
    const go = (label: string, priority: BudgetPriority) =>
      void budget
        .acquire({ method: 'chat.postMessage', channel: 'C', priority })
        .then(() => order.push(label));
    go('first', 'low'); // takes the free slot at once
    await clock.settle();
    go('low1', 'low');
    go('normal1', 'normal');
    go('low2', 'low');
    go('high1', 'high');
    go('normal2', 'normal');
    go('high2', 'high');
    await clock.advance(10_000);
    expect(order).toEqual(['first', 'high1', 'high2', 'normal1', 'normal2', 'low1', 'low2']);
  });

  it('a 429 pauses only its own bucket for Retry-After, then one call, then the rate', async () => {
    const clock = createFakeClock(T0);
    const budget = createSlackBudget({ clock });
    const times: Record<string, number[]> = { A: [], B: [], U: [] };
    const ask = (method: string, channel: string, key: string) =>
      void budget.acquire({ method, channel }).then(() => times[key]?.push(clock.now() - T0));
    ask('chat.postMessage', 'A', 'A');
    await clock.settle();
    budget.penalize('chat.postMessage', 'A', 3000);
    for (let i = 0; i < 3; i++) ask('chat.postMessage', 'A', 'A');
    for (let i = 0; i < 3; i++) ask('chat.postMessage', 'B', 'B');
    ask('chat.update', 'A', 'U');
    expect(budget.states().find((s) => s.key === 'chat.postMessage:A')?.pausedUntil).toBe(T0 + 3000);
    await clock.advance(10_000);
    const a = times.A ?? [];
    expect(a.slice(1).map((t) => Math.round(t - 3000))).toEqual([
      0,
      Math.round(POST_GAP),
      Math.round(2 * POST_GAP),
    ]);
    expect(times.B?.[0]).toBe(0);
    expect(times.U).toEqual([0]);
  });

  it('waitMs tells how long a new call would wait: pause, pace and the calls ahead of its priority', async () => {
    const clock = createFakeClock(T0);
    const budget = createSlackBudget({ clock });
    expect(budget.waitMs('chat.postMessage', 'C')).toBe(0);
    expect(budget.waitMs('auth.test')).toBe(0);
    void budget.acquire({ method: 'chat.postMessage', channel: 'C' });
    await clock.settle();
    expect(budget.waitMs('chat.postMessage', 'C')).toBe(Math.ceil(POST_GAP));
    void budget.acquire({ method: 'chat.postMessage', channel: 'C', priority: 'low' });
    void budget.acquire({ method: 'chat.postMessage', channel: 'C', priority: 'low' });
    expect(budget.waitMs('chat.postMessage', 'C', 'low')).toBe(Math.ceil(3 * POST_GAP));
    expect(budget.waitMs('chat.postMessage', 'C', 'high')).toBe(Math.ceil(POST_GAP));
    budget.penalize('chat.postMessage', 'C', 30_000);
    expect(budget.waitMs('chat.postMessage', 'C', 'high')).toBe(30_000);
    expect(budget.states()[0]?.waiting).toBe(2);
  });

  it('close() and an aborted signal resolve waiters false; a closed budget answers false at once', async () => {
    const clock = createFakeClock(T0);
    const budget = createSlackBudget({ clock });
    await budget.acquire({ method: 'chat.postMessage', channel: 'C' });
    const abort = new AbortController();
    const aborted = budget.acquire({ method: 'chat.postMessage', channel: 'C', signal: abort.signal });
    const waiting = budget.acquire({ method: 'chat.postMessage', channel: 'C' });
    abort.abort();
    expect(await aborted).toBe(false);
    expect(budget.states()[0]?.waiting).toBe(1);
    budget.close();
    expect(await waiting).toBe(false);
    expect(await budget.acquire({ method: 'chat.update' })).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses a headroom outside (0, 1] and a non-positive rate', () => {
    expect(() => createSlackBudget({ headroom: 1.2 })).toThrow(/headroom/);
    expect(() => createSlackBudget({ headroom: 0 })).toThrow(/headroom/);
    expect(() => createSlackBudget({ tiers: { t3: -1 } })).toThrow(/tiers.t3/);
  });

  it('with shared slots: one reservation at a time per bucket, each call waits for its shared slot', async () => {
    const clock = createFakeClock(T0);
    const asked: number[] = [];
    const shared: SharedBudget = {
      async reserve() {
        asked.push(clock.now() - T0);
        return 700; // another replica holds the next 700 ms
      },
      async pause() {},
    };
    const budget = createSlackBudget({ clock, shared, tiers: { t3: 6000 } });
    const granted: number[] = [];
    for (let i = 0; i < 3; i++)
      void budget.acquire({ method: 'chat.update' }).then(() => granted.push(clock.now() - T0));
    await clock.advance(5000);
    expect(granted).toEqual([700, 1400, 2100]);
    expect(asked).toEqual([0, 700, 1400]);
  });
});

/**
 * The limiter Slack (and the emulator) applies: a token bucket of `capacity`, refilled at `perSecond`, that
 * refuses a request finding less than one token. Returns how many of `arrivals` (ms, sorted) it refuses.
 */
function refusedByExactLimiter(arrivals: number[], perSecond: number, capacity: number): number {
  let tokens = capacity;
  let at = arrivals[0] ?? 0;
  let refused = 0;
  for (const t of arrivals) {
    tokens = Math.min(capacity, tokens + ((t - at) / 1000) * perSecond);
    at = t;
    if (tokens >= 1) tokens -= 1;
    else refused++;
  }
  return refused;
}

describe('createSlackBudget against a limiter at exactly the published rate', () => {
  /** Grant times of `count` calls arriving at `offsets` (ms), each reaching Slack `jitter(i)` ms later. */
  async function arrivalsAtSlack(method: string, offsets: number[], jitter: number[]) {
    const clock = createFakeClock(T0);
    const budget = createSlackBudget({ clock });
    const sent: number[] = [];
    const sorted = [...offsets].sort((a, b) => a - b);
    let last = 0;
    for (const [i, t] of sorted.entries()) {
      await clock.advance(t - last);
      last = t;
      void budget
        .acquire({ method, channel: 'C' })
        .then(() => sent.push(clock.now() - T0 + (jitter[i % jitter.length] ?? 0)));
    }
    await clock.advance(200_000);
    expect(sent).toHaveLength(offsets.length);
    return sent.sort((a, b) => a - b);
  }

  it('posts: 0 refused by a 1/s, burst-1 limiter with up to 40 ms of jitter (burst 3: 1.9 s)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 1900 }), { minLength: 1, maxLength: 60 }),
        async (offsets, small, large) => {
          expect(refusedByExactLimiter(await arrivalsAtSlack('chat.postMessage', offsets, small), 1, 1)).toBe(
            0,
          );
          expect(refusedByExactLimiter(await arrivalsAtSlack('chat.postMessage', offsets, large), 1, 3)).toBe(
            0,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('updates: 0 refused by Tier 3 (50/min, bucket of 50) with up to 2 s of jitter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 150 }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 150 }),
        async (offsets, jitter) => {
          const arrivals = await arrivalsAtSlack('chat.update', offsets, jitter);
          expect(refusedByExactLimiter(arrivals, 50 / 60, 50)).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the same traffic without a budget is refused (the check can fail)', () => {
    const burst = Array.from({ length: 60 }, (_, i) => i * 100);
    expect(refusedByExactLimiter(burst, 50 / 60, 50)).toBeGreaterThan(0);
    expect(refusedByExactLimiter([0, 990], 1, 1)).toBe(1);
  });
});
