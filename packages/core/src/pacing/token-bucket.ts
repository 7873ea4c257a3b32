/** Options of `createTokenBucket`. */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Most tokens held: how many requests may go back to back. @default 1 */
  burst?: number;
}

/**
 * A token bucket. Unlike a fixed window it cannot let two bursts through at a window edge: over any interval
 * of length T it admits at most `burst + T × rate` requests, and with `burst = 1` consecutive requests are
 * at least `1 / rate` apart.
 */
export interface TokenBucket {
  /** Ms to wait until a token is available at `now` (0 = now). Does not take it. */
  waitMs(now: number): number;
  /** Take one token at `now` (call only when `waitMs(now) === 0`). */
  take(now: number): void;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const perMs = options.ratePerSecond / 1000;
  const capacity = Math.max(1, options.burst ?? 1);
  if (!(perMs > 0)) throw new RangeError('ratePerSecond must be positive');
  let tokens = capacity;
  let updatedAt: number | undefined;

  const refill = (now: number): void => {
    if (updatedAt === undefined) updatedAt = now;
    if (now > updatedAt) {
      tokens = Math.min(capacity, tokens + (now - updatedAt) * perMs);
      updatedAt = now;
    }
  };

  return {
    waitMs(now) {
      refill(now);
      // A tiny epsilon absorbs floating-point dust so a full token is not reported as 0.9999999.
      return tokens >= 1 - 1e-9 ? 0 : Math.ceil((1 - tokens) / perMs);
    },
    take(now) {
      refill(now);
      tokens = Math.max(0, tokens - 1);
    },
  };
}
