import { NotifierError } from '../errors.js';
import type { SlackBudgetOptions } from './budget-types.js';
import { POST_MESSAGE_PER_SECOND, TIER_PER_MINUTE, tierOf } from './slack-rates.js';

/** What a bucket is held to: its key, the spacing of its slots (after headroom) and its burst. */
export interface BucketRate {
  key: string;
  method: string;
  channel?: string;
  intervalMs: number;
  burst: number;
  /** Calls per minute after headroom. */
  perMinute: number;
}

/** @see SlackBudgetOptions.headroom */
export const DEFAULT_HEADROOM = 0.96;

function invalid(message: string): never {
  throw new NotifierError('invalid_options', message);
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
    invalid(`${name} must be positive`);
  return value;
}

/**
 * Resolves the options into one function: the bucket of a call, or `undefined` for a Special method other
 * than `chat.postMessage` (auth.test, chat.getPermalink: no published per-minute rate to hold).
 * Throws `NotifierError('invalid_options')` for a headroom outside (0, 1] or a non-positive rate.
 */
export function budgetRates(
  options: SlackBudgetOptions,
): (method: string, channel: string | undefined) => BucketRate | undefined {
  const headroom = options.headroom ?? DEFAULT_HEADROOM;
  if (!(headroom > 0 && headroom <= 1)) invalid('budget headroom must be in (0, 1]');
  const scale = positive('budget scale', options.scale ?? 1);
  const postPerMinute =
    positive('postMessagePerSecond', options.postMessagePerSecond ?? POST_MESSAGE_PER_SECOND) * 60;
  const postBurst = Math.max(1, Math.floor(options.postMessageBurst ?? 1));
  const tiers = { ...TIER_PER_MINUTE, ...options.tiers };
  for (const [tier, perMinute] of Object.entries(tiers)) positive(`tiers.${tier}`, perMinute);
  const methods = options.methods ?? {};
  for (const [method, rate] of Object.entries(methods))
    positive(`methods.${method}.perMinute`, rate.perMinute);
  const rate = (key: string, method: string, perMinute: number, burst: number, channel?: string) => {
    const held = perMinute * scale * headroom;
    return {
      key,
      method,
      ...(channel === undefined ? {} : { channel }),
      intervalMs: 60_000 / held,
      burst,
      perMinute: held,
    };
  };
  const cache = new Map<string, BucketRate | undefined>();
  return (method, channel) => {
    if (method === 'chat.postMessage' && methods[method] === undefined) {
      // Slack's limit is per channel; a call without one (never made by the notifier) goes unpaced.
      if (channel === undefined) return undefined;
      return rate(`chat.postMessage:${channel}`, method, postPerMinute, postBurst, channel);
    }
    if (cache.has(method)) return cache.get(method);
    const own = methods[method];
    const tier = tierOf(method);
    const perMinute = own?.perMinute ?? (tier === 'special' ? undefined : tiers[tier]);
    const resolved =
      perMinute === undefined
        ? undefined
        : rate(method, method, perMinute, Math.max(1, Math.floor(own?.burst ?? Math.ceil(perMinute / 2))));
    cache.set(method, resolved);
    return resolved;
  };
}
