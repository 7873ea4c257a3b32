import type { RateLimitConfig, RateLimitOptions } from './types.js';

/** The defaults: Slack's published numbers. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  enabled: true,
  postMessage: { perSecond: 1, burst: 3 },
  tiers: { t1: 1, t2: 20, t3: 50, t4: 100 },
  scale: 1,
  nonMarketplace: false,
};

/** Merges partial options over a resolved configuration. */
export function mergeRateLimits(base: RateLimitConfig, partial: RateLimitOptions = {}): RateLimitConfig {
  return {
    enabled: partial.enabled ?? base.enabled,
    postMessage: { ...base.postMessage, ...partial.postMessage },
    tiers: { ...base.tiers, ...partial.tiers },
    scale: partial.scale ?? base.scale,
    nonMarketplace: partial.nonMarketplace ?? base.nonMarketplace,
  };
}

/** Outcome of taking one token. */
export type TakeResult = { ok: true } | { ok: false; retryAfter: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed by string; rates in tokens per second. */
export class RateLimiter {
  #buckets = new Map<string, Bucket>();
  #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * Takes a token from bucket `key` (capacity `burst`, refill `perSecond`). When empty, answers
   * the whole seconds until one is available (at least 1, as Slack's Retry-After is an integer).
   */
  take(key: string, perSecond: number, burst: number): TakeResult {
    const now = this.#now();
    const capacity = Math.max(1, burst);
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const seconds = perSecond > 0 ? (1 - bucket.tokens) / perSecond : 60;
    return { ok: false, retryAfter: Math.max(1, Math.ceil(seconds)) };
  }

  /** Forgets every bucket. */
  reset(): void {
    this.#buckets.clear();
  }
}
