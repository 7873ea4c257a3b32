import { priorityRank } from '../queue/priority-rank.js';
import type { Notification, Priority } from '../types.js';
import { compactHead, summaryLine } from './conversation-head.js';
import type { ConversationKind, ConversationSettings, ConversationState } from './conversation-types.js';
import { elapsedText, resolvedLine } from './status-text.js';

/** One event for a conversation, as the intake saw it. */
export interface ConversationEvent {
  key: string;
  channel: string;
  kind: ConversationKind;
  priority: Priority;
  at: number;
  notification: Notification | string;
}

/** What the decision may look at besides the state: the channel's budget, its digest, who decides. */
export interface DecideContext {
  /** How long a root post on this channel would wait for its budget now, in ms. */
  postWaitMs: number;
  /** The channel's digest is collecting: folded conversations stay in it (no promotion while it is busy). */
  digestOpen: boolean;
  /** This process's id, for the claim to post a root. */
  self: string;
}

/** Why a thread reply is posted. */
export type ReplyReason = 'sample' | 'priority' | 'status' | 'resolved' | 'reopened';

/** A thread reply: one plain-text line (escaped when rendered) and, for samples, the event as it came. */
export interface ConversationReply {
  reason: ReplyReason;
  line: string;
  /** Also shown in the channel (`reply_broadcast: true`): the priority rose, or it came back. */
  broadcast: boolean;
  sample?: Notification | string;
}

export type ConversationAction =
  | { type: 'post_root' }
  | { type: 'update_root' }
  | { type: 'reply'; reply: ConversationReply }
  | { type: 'fold' };

export interface ConversationDecision {
  next: ConversationState;
  actions: ConversationAction[];
}

const TERMINAL = new Set(['succeeded', 'failed', 'rolled_back']);
const PHASE_LABEL = {
  started: 'Started',
  succeeded: 'Succeeded',
  failed: 'Failed',
  rolled_back: 'Rolled back',
};

/**
 * The pure decision for one event: post the root (a new key), update it (count, last seen, status), reply in
 * its thread (samples at a bounded rate, status changes, a broadcast when the priority rises), or fold into
 * the channel's digest (the root would wait longer than `foldAfterMs`). A resolved conversation that comes
 * back within `reopenWithinMs` reopens on the same message; later it starts anew with a new root.
 */
export function decideEvent(
  prev: ConversationState | undefined,
  ev: ConversationEvent,
  s: ConversationSettings,
  ctx: DecideContext,
): ConversationDecision {
  const d = typeof ev.notification === 'object' ? ev.notification.deployment : undefined;
  if (prev === undefined || expired(prev, ev.at, s)) {
    const next: ConversationState = {
      key: ev.key,
      channel: ev.channel,
      kind: ev.kind,
      count: 1,
      shown: 0,
      firstAt: ev.at,
      lastAt: ev.at,
      status: 'open',
      priority: ev.priority,
      head: compactHead(ev.notification),
      lastSample: summaryLine(ev.notification),
      samples: 0,
      reopened: 0,
    };
    if (d !== undefined) {
      next.phase = d.status;
      if (d.status === 'started') next.startedAt = ev.at;
      else if (TERMINAL.has(d.status)) {
        next.status = 'resolved';
        next.resolvedAt = ev.at;
      }
    }
    return fold(s, ctx)
      ? { next: { ...next, folded: true }, actions: [{ type: 'fold' }] }
      : claim(next, ev, ctx);
  }
  const next: ConversationState = {
    ...prev,
    count: prev.count + 1,
    lastAt: ev.at,
    lastSample: summaryLine(ev.notification),
  };
  const rose = priorityRank(ev.priority) < priorityRank(prev.priority);
  if (rose) next.priority = ev.priority;
  if (prev.ts === undefined) {
    if (prev.folded) {
      if (ctx.digestOpen || fold(s, ctx)) return { next, actions: [{ type: 'fold' }] };
      return claim({ ...next, folded: false }, ev, ctx);
    }
    // Being posted (here or by another replica): count in; the poster shows the count once it has the ts.
    if (prev.posting !== undefined && ev.at - prev.posting.at < s.claimTtlMs) {
      return { next, actions: [{ type: 'update_root' }] };
    }
    return claim(next, ev, ctx);
  }
  const actions: ConversationAction[] = [{ type: 'update_root' }];
  if (d !== undefined && d.status !== prev.phase) {
    next.head = compactHead(ev.notification);
    next.phase = d.status;
    if (d.status === 'started') {
      next.startedAt = ev.at;
      next.status = 'open';
      delete next.resolvedAt;
    } else if (TERMINAL.has(d.status)) {
      next.status = 'resolved';
      next.resolvedAt = ev.at;
      delete next.resolvedBy;
    }
    const took =
      next.startedAt !== undefined && d.status !== 'started'
        ? ` after ${elapsedText(ev.at - next.startedAt)}`
        : '';
    actions.push(reply('status', `${PHASE_LABEL[d.status]}${took}`, rose, ev.notification));
    return { next, actions };
  }
  if (prev.status === 'resolved') {
    next.status = 'open';
    next.reopened = prev.reopened + 1;
    const ago = elapsedText(ev.at - (prev.resolvedAt ?? prev.lastAt));
    delete next.resolvedAt;
    delete next.resolvedBy;
    // Broadcast: the root is up the channel's history by now, and an incident that came back is news.
    actions.push(
      reply('reopened', `Reopened: it happened again ${ago} after it was resolved`, true, ev.notification),
    );
    return { next, actions };
  }
  if (rose) {
    actions.push(reply('priority', `Priority raised to ${ev.priority}`, true, ev.notification));
  } else if (
    ev.kind !== 'deployment' &&
    next.samples < s.maxSamples &&
    (next.lastSampleAt === undefined || ev.at - next.lastSampleAt >= s.sampleEveryMs)
  ) {
    next.samples = prev.samples + 1;
    next.lastSampleAt = ev.at;
    actions.push(reply('sample', `Occurrence ${next.count}`, false, ev.notification));
  }
  return { next, actions };
}

/** `notifier.resolve(key)`: the root says so and the thread gets one line. `undefined` when nothing changes. */
export function decideResolve(
  prev: ConversationState | undefined,
  now: number,
  by?: { by?: string; note?: string },
): ConversationDecision | undefined {
  if (prev === undefined || prev.status === 'resolved') return undefined;
  const next: ConversationState = { ...prev, status: 'resolved', resolvedAt: now };
  if (by?.by) next.resolvedBy = by.by;
  else delete next.resolvedBy;
  if (prev.ts === undefined) return { next, actions: [{ type: prev.folded ? 'fold' : 'update_root' }] };
  const line = resolvedLine(next, undefined) + (by?.note ? `. ${by.note}` : '');
  return { next, actions: [{ type: 'update_root' }, reply('resolved', line, false)] };
}

/** The quiet-period sweep: an open conversation with no event for `quietMs` resolves by itself. */
export function decideQuiet(
  prev: ConversationState,
  now: number,
  s: ConversationSettings,
): ConversationDecision | undefined {
  if (prev.status !== 'open' || now - prev.lastAt < s.quietMs) return undefined;
  const next: ConversationState = { ...prev, status: 'resolved', resolvedAt: now };
  delete next.resolvedBy;
  if (prev.ts === undefined) return { next, actions: [{ type: prev.folded ? 'fold' : 'update_root' }] };
  return {
    next,
    actions: [{ type: 'update_root' }, reply('resolved', resolvedLine(next, s.quietMs), false)],
  };
}

function expired(prev: ConversationState, at: number, s: ConversationSettings): boolean {
  return prev.status === 'resolved' && at - (prev.resolvedAt ?? prev.lastAt) > s.reopenWithinMs;
}

/** The root would wait longer than `foldAfterMs` for the channel's budget: the digest carries it instead. */
function fold(s: ConversationSettings, ctx: DecideContext): boolean {
  return ctx.postWaitMs > s.foldAfterMs;
}

function claim(next: ConversationState, ev: ConversationEvent, ctx: DecideContext): ConversationDecision {
  return { next: { ...next, posting: { by: ctx.self, at: ev.at } }, actions: [{ type: 'post_root' }] };
}

function reply(
  reason: ReplyReason,
  line: string,
  broadcast: boolean,
  sample?: Notification | string,
): ConversationAction {
  return {
    type: 'reply',
    reply: sample === undefined ? { reason, line, broadcast } : { reason, line, broadcast, sample },
  };
}
