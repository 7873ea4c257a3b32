import type { DeploymentInfo, Notification, Priority } from '../types.js';

/** What a conversation is about: it decides the template of its root and what its status means. */
export type ConversationKind = 'error' | 'deployment' | 'generic';

/** Open: still happening (or not yet known to be over). Resolved: said to be over, in the root and the thread. */
export type ConversationStatus = 'open' | 'resolved';

/**
 * One conversation: everything that happened under one key on one channel, and where it lives in Slack.
 * Plain JSON (stores keep it as is); it never holds the token or any other secret, only what the
 * notifications themselves said (as the outbox does).
 */
export interface ConversationState {
  /** The key (error fingerprint, deployment identity or explicit `key`). */
  key: string;
  /** The route name the events went to. */
  channel: string;
  kind: ConversationKind;
  /** The Slack channel id of the root, once posted. */
  channelId?: string;
  /** The root message's `ts`, once posted; replies go in its thread (`thread_ts` = this). */
  ts?: string;
  /** A link to the root (from `chat.getPermalink`), once known; the digest links to it. */
  permalink?: string;
  /** Events counted into this conversation, the first included. */
  count: number;
  /** The count the root showed after its last successful update (what Slack shows). */
  shown: number;
  firstAt: number;
  lastAt: number;
  status: ConversationStatus;
  /** The highest priority seen (a reply is broadcast to the channel when it rises). */
  priority: Priority;
  /** The first event, kept small: the root is rendered from it (with the status line) on every update. */
  head: Notification | string;
  /** One line about the latest event. */
  lastSample: string;
  /** Sample replies posted so far, and when the last one was decided. */
  samples: number;
  lastSampleAt?: number;
  /** Deployments: the latest status, and when `started` came (the duration shown). */
  phase?: DeploymentInfo['status'];
  startedAt?: number;
  resolvedAt?: number;
  /** Who resolved it through `notifier.resolve()` (a name, shown escaped); absent after a quiet period. */
  resolvedBy?: string;
  /** Times it came back after being resolved (the same message is reopened). */
  reopened: number;
  /**
   * The root could not be posted in time (the channel's budget was full): the events are in the channel's
   * digest instead, and the root is posted when the channel is calm again.
   */
  folded?: boolean;
  /**
   * A replica (or this process) has claimed posting the root and not stored its `ts` yet. Another replica
   * that finds a fresh claim counts into the conversation instead of posting a second root; a claim older
   * than `claimTtlMs` (its poster died) is taken over.
   */
  posting?: { by: string; at: number };
}

/** Conversation options with every default filled in. */
export interface ConversationSettings {
  enabled: boolean;
  quietMs: number;
  updateEveryMs: number;
  sampleEveryMs: number;
  maxSamples: number;
  reopenWithinMs: number;
  claimTtlMs: number;
  maxConversations: number;
  foldAfterMs: number;
  digestUpdateEveryMs: number;
  digestLines: number;
  digestCloseAfterMs: number;
}

/**
 * Conversations: one Slack message per key (error fingerprint, deployment identity, explicit `key`), kept
 * current in place, with follow-ups in its thread, resolved explicitly or after a quiet period.
 */
export interface ConversationOptions {
  /** Off: every notification stands alone (storm grouping still folds repeats). @default true */
  enabled?: boolean;
  /** A conversation with no new event for this long resolves by itself ("Resolved after…"). @default 900000 (15 min) */
  quietMs?: number;
  /** A root is updated at most once per this many ms (its count and last seen). @default 15000 */
  updateEveryMs?: number;
  /** At most one sample reply (an event as it came) per conversation per this many ms. @default 60000 */
  sampleEveryMs?: number;
  /** Sample replies per conversation, at most. @default 5 */
  maxSamples?: number;
  /**
   * An event for a resolved conversation within this long reopens the same message ("Reopened", with a
   * thread reply); later, it starts a new conversation with a new root. @default 3600000 (1 h)
   */
  reopenWithinMs?: number;
  /** A claim to post a root older than this is taken over (its poster died before storing the `ts`). @default 60000 */
  claimTtlMs?: number;
  /** Conversations kept by the memory store (resolved ones are evicted first). @default 10000 */
  maxConversations?: number;
  /** Digest: a new conversation whose root would wait longer than this for the channel's budget folds into the digest. @default 5000 */
  foldAfterMs?: number;
  /** Digest: the digest message is updated at most once per this many ms. @default 5000 */
  digestUpdateEveryMs?: number;
  /** Digest: lines shown (the top keys, high priority first); the rest are summed in one line. @default 20 */
  digestLines?: number;
  /** Digest: with nothing folded for this long, the digest is closed (its final counts stay) and a new one starts next time. @default 60000 */
  digestCloseAfterMs?: number;
}
