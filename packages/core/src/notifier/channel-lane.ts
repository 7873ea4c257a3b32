import { createTokenBucket, type TokenBucket } from '../pacing/token-bucket.js';
import type { Clock } from '../types.js';

/**
 * Everything the dispatcher knows about one channel: its id once set up, its own pacer, and why it is
 * waiting. One lane has at most one Slack call in flight, which is what keeps a channel's order and pace.
 */
export class ChannelLane {
  readonly name: string;
  readonly bucket: TokenBucket;
  /** The Slack channel id, once setup has found or created it. */
  channelId: string | undefined;
  /** A claim, setup or Slack call is running. */
  busy = false;
  /** The store may hold items for this channel (cleared when a claim comes back empty). */
  hasWork = false;
  /** A microtask will look at this lane. */
  scheduled = false;
  /** No request before this epoch ms (a 429's Retry-After, or a backoff). */
  pausedUntil = 0;
  /** Consecutive failures, for the backoff exponent; reset by a success. */
  failures = 0;
  /** When channel setup last completed (epoch ms), to avoid re-running it for every failing message. */
  setupAt = 0;
  /** When membership was last confirmed (epoch ms). */
  memberCheckedAt = 0;
  /** When a `not_in_channel` was last answered by joining or by finding the bot a member (epoch ms). */
  membershipRecoveredAt = 0;
  /** When a `channel_gone` last re-ran setup (epoch ms). */
  channelRecoveredAt = 0;
  /** Items accepted for this channel and not settled yet (recovered items excluded): the digest trigger. */
  pending = 0;
  /** Last error code seen on this channel (setup or post), for health. */
  lastError: string | undefined;
  timer: unknown;
  timerAt = 0;

  constructor(name: string, ratePerSecond: number, burst: number) {
    this.name = name;
    this.bucket = createTokenBucket({ ratePerSecond, burst });
  }

  /** Wake `fn` after `wait` ms, unless an earlier wake-up is already set. */
  setTimer(clock: Clock, wait: number, fn: () => void): void {
    const at = clock.now() + wait;
    if (this.timer !== undefined) {
      if (this.timerAt <= at) return;
      clock.clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      fn();
    }, wait);
  }

  clearTimer(clock: Clock): void {
    if (this.timer !== undefined) clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
