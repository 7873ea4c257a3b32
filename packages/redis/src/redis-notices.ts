import type { DeliveryOutcome } from '@backend-notifier/core';
import type { Redis } from 'ioredis';

/** What one outcome notice carries on `P:outcome` (never the message, a token or the Redis URL). */
interface OutcomeNotice {
  /** The lane (channel name or id) the item was for. */
  channel: string;
  /** `instanceId` of the store that published it. */
  from: string;
  outcome: DeliveryOutcome;
}

/** Outcome notices kept through an outage; older ones are dropped (their owners' `flush()` times out). */
const MAX_UNSENT = 1000;
/** How long a notice nobody else heard is kept (its owner may be gone for good). */
const KEEP_MS = 30_000;
/** How soon a notice nobody else heard is published again. */
const RETRY_MS = 250;

/** A Slack error code or a drop reason; anything else is not relayed as is (it could carry a secret). */
const CODE = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * The fields of an outcome that its owner needs to settle its receipt and counters, and nothing else: the
 * id, the status, where and when it was posted, the error code (a fingerprint for a grouped one, which
 * Redis holds as a key anyway). A permalink or any extra field is left out.
 */
export function outcomeNotice(channel: string, from: string, o: DeliveryOutcome): OutcomeNotice {
  const code = (reason: string): string => (CODE.test(reason) ? reason : 'unknown_error');
  let outcome: DeliveryOutcome;
  if (o.status === 'delivered') outcome = { status: o.status, id: o.id, channelId: o.channelId, ts: o.ts };
  else if (o.status === 'grouped') {
    outcome = { status: o.status, id: o.id, reason: 'grouped', fingerprint: o.fingerprint };
    if (o.channelId !== undefined) outcome.channelId = o.channelId;
    if (o.ts !== undefined) outcome.ts = o.ts;
  } else outcome = { status: o.status, id: o.id, reason: code(o.reason) };
  return { channel, from, outcome };
}

/** Parses a notice from another process; undefined when it is not one (ignored, never thrown). */
function parseNotice(text: string): OutcomeNotice | undefined {
  try {
    const n = JSON.parse(text) as Partial<OutcomeNotice> | null;
    const o = n?.outcome;
    if (typeof n?.channel !== 'string' || typeof o !== 'object' || o === null) return undefined;
    if (typeof o.id !== 'string' || typeof o.status !== 'string') return undefined;
    if (o.status === 'delivered' && (typeof o.channelId !== 'string' || typeof o.ts !== 'string'))
      return undefined;
    return n as OutcomeNotice;
  } catch {
    return undefined;
  }
}

/**
 * The store's pub/sub side, on one subscriber connection opened on first use: work notices (`P:work`, a
 * channel name) for `watch()` and outcome notices (`P:outcome`, JSON) for `watchOutcomes()`. It subscribes
 * again on every (re)connection, so notices flow again after a Redis outage; what was published while it
 * was cut off is lost (the notifier's periodic check and `flush()` timeout cover that).
 */
export class RedisNotices {
  readonly #redis: Redis;
  readonly #work: string;
  readonly #outcome: string;
  readonly #instanceId: string;
  readonly #workers = new Set<(channel: string) => void>();
  readonly #outcomes = new Set<(channel: string, outcome: DeliveryOutcome) => void>();
  /** Outcome notices not published yet (Redis was unreachable). */
  readonly #unsent: { text: string; until: number }[] = [];
  #resending: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  /** This process's own subscriber is subscribed (it counts among a PUBLISH's receivers). */
  #subscribed = false;
  #sub: Redis | undefined;
  #closed = false;

  constructor(redis: Redis, prefix: string, instanceId: string) {
    this.#redis = redis;
    this.#work = `${prefix}:work`;
    this.#outcome = `${prefix}:outcome`;
    this.#instanceId = instanceId;
  }

  watch(listener: (channel: string) => void): () => void {
    this.#workers.add(listener);
    this.#open();
    return () => this.#workers.delete(listener);
  }

  watchOutcomes(listener: (channel: string, outcome: DeliveryOutcome) => void): () => void {
    this.#outcomes.add(listener);
    this.#open();
    return () => this.#outcomes.delete(listener);
  }

  /**
   * Publishes on the store's own connection when `up`. When Redis is down, the publish fails, or no other
   * process is subscribed (one whose subscriber has not reconnected yet after an outage), keeps the notice
   * (the latest `MAX_UNSENT`, each for `KEEP_MS`) and publishes it again later, so its owner still hears of
   * it. Rejects with the publish error (the caller marks Redis unreachable).
   */
  async publishOutcome(channel: string, outcome: DeliveryOutcome, up: boolean): Promise<void> {
    const text = JSON.stringify(outcomeNotice(channel, this.#instanceId, outcome));
    if (!up) return this.#keep(text);
    let heard: boolean;
    try {
      heard = await this.#send(text);
    } catch (error) {
      this.#keep(text);
      throw error;
    }
    if (!heard) {
      this.#keep(text);
      this.#retrySoon();
    }
  }

  /** Publishes the notices kept so far, oldest first; stops (keeping the rest) when nobody else hears one. */
  resend(): Promise<void> {
    this.#resending ??= (async () => {
      while (!this.#closed) {
        const next = this.#unsent[0];
        if (next === undefined) return;
        if (Date.now() > next.until) {
          this.#unsent.shift();
          continue;
        }
        if (!(await this.#send(next.text))) return this.#retrySoon();
        this.#unsent.shift();
      }
    })().finally(() => {
      this.#resending = undefined;
    });
    return this.#resending;
  }

  /** Publishes; whether another process's subscriber received it (PUBLISH counts this one's too). */
  async #send(text: string): Promise<boolean> {
    const receivers = await this.#redis.publish(this.#outcome, text);
    return receivers > (this.#subscribed ? 1 : 0);
  }

  #keep(text: string): void {
    this.#unsent.push({ text, until: Date.now() + KEEP_MS });
    if (this.#unsent.length > MAX_UNSENT) this.#unsent.shift();
  }

  #retrySoon(): void {
    if (this.#retry !== undefined || this.#closed) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      // A failure here means Redis is down again: the reconnect calls resend().
      this.resend().catch(() => {});
    }, RETRY_MS);
    this.#retry.unref();
  }

  /** Tells this process's `watch()` listeners about work on `channel` (without a round trip to Redis). */
  wake(channel: string): void {
    for (const listener of this.#workers) safely(() => listener(channel));
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#workers.clear();
    this.#outcomes.clear();
    this.#sub?.disconnect();
    this.#sub = undefined;
  }

  #open(): void {
    if (this.#sub !== undefined || this.#closed) return;
    // Pub/sub needs its own connection. No offline queue and no automatic resubscribe: it subscribes itself
    // on each 'ready', so a subscribe lost with a connection (or timed out) is made again.
    const sub = this.#redis.duplicate({
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
    });
    sub.on('error', () => {});
    sub.on('close', () => {
      this.#subscribed = false;
    });
    sub.on('ready', () => {
      sub.subscribe(this.#work, this.#outcome).then(
        () => {
          this.#subscribed = true;
        },
        () => {
          // Connected but the subscribe failed (e.g. timed out): reconnect, which subscribes again.
          if (!this.#closed && sub.status === 'ready') sub.disconnect(true);
        },
      );
    });
    sub.on('message', (topic: string, text: string) => this.#message(topic, text));
    this.#sub = sub;
  }

  #message(topic: string, text: string): void {
    if (topic === this.#work) this.wake(text);
    if (topic !== this.#outcome || this.#outcomes.size === 0) return;
    const notice = parseNotice(text);
    // Its own notices are about items this process settled itself: nothing to learn.
    if (notice === undefined || notice.from === this.#instanceId) return;
    for (const listener of this.#outcomes) safely(() => listener(notice.channel, notice.outcome));
  }
}

/** A listener's throw must not reach ioredis's event emitter (it would be an uncaught exception). */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // The listener's own problem; the other listeners still hear the notice.
  }
}
