import { priorityRank } from '../queue/priority-rank.js';
import type { Clock } from '../types.js';
import { BudgetBucket, type Waiter } from './budget-bucket.js';
import { budgetRates } from './budget-rates.js';
import type { BudgetBucketState, SlackBudget, SlackBudgetOptions } from './budget-types.js';

/** Timers unref'd: a budget never keeps a process alive by itself (whoever awaits the notifier does). */
const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The one scheduler of every Slack rate (issue 11): a GCRA bucket per `chat.postMessage` channel and per
 * tiered method, each at its published rate × `headroom`. A slot is granted only when it has come (reserved by
 * time, never by counting completions), to the first waiter by priority then arrival, so a visible
 * incident's update passes a low post queued before it. A 429 pauses only its bucket. With `shared`, the
 * granted waiter also takes the bucket's next slot across replicas (one reservation at a time per bucket
 * and process) and waits for it.
 */
export function createSlackBudget(options: SlackBudgetOptions = {}): SlackBudget {
  const clock = options.clock ?? systemClock;
  const rateOf = budgetRates(options);
  const { shared } = options;
  const buckets = new Map<string, BudgetBucket>();
  let seq = 0;
  let closed = false;

  const bucketFor = (method: string, channel: string | undefined): BudgetBucket | undefined => {
    const rate = rateOf(method, channel);
    if (rate === undefined) return undefined;
    let bucket = buckets.get(rate.key);
    if (bucket === undefined) {
      bucket = new BudgetBucket(rate);
      buckets.set(rate.key, bucket);
    }
    return bucket;
  };

  const settle = (waiter: Waiter, go: boolean) => {
    waiter.cleanup?.();
    waiter.resolve(go);
  };

  const arm = (bucket: BudgetBucket, wait: number) => {
    const at = clock.now() + wait;
    if (bucket.timer !== undefined) {
      if (bucket.timerAt <= at) return;
      clock.clearTimeout(bucket.timer);
    }
    bucket.timerAt = at;
    bucket.timer = clock.setTimeout(() => {
      bucket.timer = undefined;
      pump(bucket);
    }, wait);
  };

  const viaShared = (bucket: BudgetBucket, waiter: Waiter, share: NonNullable<typeof shared>) => {
    bucket.holding = waiter;
    const { key, intervalMs, burst } = bucket.rate;
    const done = (go: boolean) => {
      bucket.holding = undefined;
      settle(waiter, go && !closed);
      pump(bucket);
    };
    share.reserve(key, intervalMs, burst).then(
      (ms) => {
        if (closed) return done(false);
        if (!(ms > 0)) return done(true);
        const t = clock.setTimeout(() => done(true), ms);
        (t as { unref?: () => void } | undefined)?.unref?.();
      },
      // Shared slots unreachable: this process's own pace still holds.
      () => done(true),
    );
  };

  function pump(bucket: BudgetBucket): void {
    while (!closed && bucket.holding === undefined && bucket.waiters.length > 0) {
      const now = clock.now();
      const wait = bucket.waitMs(now);
      if (wait > 0) {
        arm(bucket, wait);
        return;
      }
      const head = bucket.waiters.shift() as Waiter;
      bucket.take(now);
      if (shared !== undefined) {
        viaShared(bucket, head, shared);
        return;
      }
      settle(head, true);
    }
  }

  return {
    acquire({ method, channel, priority, signal }) {
      if (closed || signal?.aborted) return Promise.resolve(false);
      const bucket = bucketFor(method, channel);
      if (bucket === undefined) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const waiter: Waiter = { rank: priorityRank(priority), seq: ++seq, resolve };
        if (signal !== undefined) {
          const onAbort = () => {
            if (bucket.remove(waiter)) settle(waiter, false);
          };
          signal.addEventListener('abort', onAbort, { once: true });
          waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
        }
        bucket.enqueue(waiter);
        pump(bucket);
      });
    },

    penalize(method, channel, retryAfterMs) {
      const bucket = bucketFor(method, channel);
      if (bucket === undefined || !(retryAfterMs > 0)) return;
      bucket.pause(clock.now() + retryAfterMs);
      if (shared !== undefined) shared.pause(bucket.rate.key, retryAfterMs).catch(() => undefined);
      if (bucket.timer !== undefined) clock.clearTimeout(bucket.timer);
      bucket.timer = undefined;
      pump(bucket);
    },

    waitMs(method, channel, priority) {
      const bucket = bucketFor(method, channel);
      return bucket === undefined ? 0 : bucket.waitFor(priority, clock.now());
    },

    states() {
      const now = clock.now();
      return [...buckets.values()].map((b): BudgetBucketState => {
        const { key, method, channel, perMinute, burst } = b.rate;
        return {
          key,
          method,
          ...(channel === undefined ? {} : { channel }),
          perMinute,
          burst,
          tokens: b.tokens(now),
          waiting: b.waiters.length + (b.holding === undefined ? 0 : 1),
          ...(b.pausedUntil > now ? { pausedUntil: b.pausedUntil } : {}),
        };
      });
    },

    close() {
      if (closed) return;
      closed = true;
      for (const bucket of buckets.values()) {
        if (bucket.timer !== undefined) clock.clearTimeout(bucket.timer);
        bucket.timer = undefined;
        for (const w of bucket.waiters.splice(0)) settle(w, false);
        // A call waiting for its shared slot gives up now too (its later timer finds the budget closed).
        if (bucket.holding !== undefined) settle(bucket.holding, false);
      }
    },
  };
}
