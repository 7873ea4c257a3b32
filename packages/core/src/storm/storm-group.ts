import type { Notification } from '../types.js';

/**
 * One storm group: the message posted for the first occurrence of a fingerprint on a channel, and the
 * count of what was folded into it. Plain fields: a repeat is an increment and a timestamp.
 */
export class StormGroup {
  readonly fingerprint: string;
  readonly channel: string;
  /** The id of the item that posts (or posted) the group's message. */
  readonly headId: string;
  /** The first occurrence, re-rendered with the counter for every `chat.update`. */
  readonly head: Notification | string;
  /** The latest occurrence (for sample replies). */
  last: Notification | string;
  /** Occurrences seen by this process, the first included. */
  count = 1;
  readonly firstAt: number;
  lastAt: number;
  /** Set once the group's message is posted. */
  channelId: string | undefined;
  ts: string | undefined;
  /** The total shown by the last post or update. */
  shown = 0;
  lastUpdateAt = 0;
  /** A pending `chat.update` timer, or an update in flight. */
  timer: unknown;
  /** When the pending timer fires (our clock). */
  dueAt = 0;
  updating = false;
  /** Failed updates in a row (an update is retried a few times, then the group stops updating). */
  failures = 0;
  /** The message was posted as its plain-text fallback (Slack refused the blocks): update it the same way. */
  plain = false;
  /** Sample replies posted so far. */
  samples = 0;
  /** Another replica posts this group's message: this process only counts into the shared counter. */
  remote = false;
  /** Replaced by a newer group, or its head was dropped: no more updates. */
  closed = false;

  constructor(
    fingerprint: string,
    channel: string,
    headId: string,
    head: Notification | string,
    now: number,
  ) {
    this.fingerprint = fingerprint;
    this.channel = channel;
    this.headId = headId;
    this.head = head;
    this.last = head;
    this.firstAt = now;
    this.lastAt = now;
  }
}
