import { priorityRank } from '../queue/priority-rank.js';
import type { Priority } from '../types.js';

/** One key in a channel's digest. */
export interface DigestEntry {
  key: string;
  priority: Priority;
  /** Events of this key folded into the digest. */
  count: number;
  summary: string;
  lastAt: number;
  resolved: boolean;
  /** A link to the key's own root, when it has one. */
  permalink?: string;
}

/**
 * The rolling digest of one channel: the keys its budget could not carry as their own messages, with their
 * counts. One Slack message stands for it, posted on the first fold and then updated in place; `dirty`
 * says Slack shows less than the book holds. Plain data and arithmetic, so its rules are unit-tested.
 */
export class DigestBook {
  readonly channel: string;
  readonly openedAt: number;
  readonly #entries = new Map<string, DigestEntry>();
  /** Events folded, over every key. */
  events = 0;
  lastFoldAt: number;
  /** Where the digest message is, once posted. */
  channelId: string | undefined;
  ts: string | undefined;
  /** Posting in flight (the first fold), or an update in flight. */
  busy = false;
  /** The events the digest message showed after its last post or update. */
  shownEvents = 0;
  /** A change not shown yet (a resolution or a link changes no count). */
  dirty = false;
  lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(channel: string, now: number) {
    this.channel = channel;
    this.openedAt = now;
    this.lastFoldAt = now;
  }

  /** Counts one event of `key` into the digest. */
  fold(key: string, priority: Priority, summary: string, at: number): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.#entries.set(key, { key, priority, count: 1, summary, lastAt: at, resolved: false });
    } else {
      entry.count++;
      entry.lastAt = at;
      entry.summary = summary;
      entry.resolved = false;
      if (priorityRank(priority) < priorityRank(entry.priority)) entry.priority = priority;
    }
    this.events++;
    this.lastFoldAt = at;
    this.dirty = true;
  }

  /** A key of the digest was resolved, or got its own root (a link): shown at the next update. */
  mark(key: string, change: { resolved?: boolean; permalink?: string }): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    if (change.resolved !== undefined) entry.resolved = change.resolved;
    if (change.permalink !== undefined) entry.permalink = change.permalink;
    this.dirty = true;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get keys(): number {
    return this.#entries.size;
  }

  /** Entries in the order shown: high priority first, then the most events, then the most recent. */
  ranked(): DigestEntry[] {
    return [...this.#entries.values()].sort(
      (a, b) =>
        priorityRank(a.priority) - priorityRank(b.priority) || b.count - a.count || b.lastAt - a.lastAt,
    );
  }

  /** Whether an update is due now: something not shown, nothing in flight, and its interval is over. */
  due(now: number, everyMs: number): boolean {
    return this.ts !== undefined && this.dirty && !this.busy && now - this.lastSentAt >= everyMs;
  }

  /** Whether the digest can close: shown in full, and nothing folded for `afterMs`. */
  closable(now: number, afterMs: number): boolean {
    return !this.dirty && !this.busy && now - this.lastFoldAt >= afterMs;
  }
}
