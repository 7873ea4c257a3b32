import { formatClock } from '../format/status-lines.js';
import { formatCount } from '../format/truncate.js';
import type { ConversationState } from './conversation-types.js';

/** `45 s`, `12 min`, `3 h 05 min`, `2 days`: how long something lasted, as people say it. */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} days`;
}

function occurrences(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'occurrence' : 'occurrences'}`;
}

/**
 * `Resolved after 12 min, 1,204 occurrences` (+ ` by alice`, or `, quiet for 15 min`). The duration runs from
 * the first event to the resolution, or to the last event when a quiet period resolved it.
 */
export function resolvedLine(state: ConversationState, quietMs: number | undefined): string {
  const end = quietMs !== undefined ? state.lastAt : (state.resolvedAt ?? state.lastAt);
  const by = state.resolvedBy ? ` by ${state.resolvedBy}` : '';
  const quiet = quietMs !== undefined ? `, quiet for ${elapsedText(quietMs)}` : '';
  return `Resolved${by} after ${elapsedText(end - state.firstAt)}, ${occurrences(state.count)}${quiet}`;
}

const PHASE = {
  started: '🚀 In progress',
  succeeded: '✅ Succeeded',
  failed: '❌ Failed',
  rolled_back: '↩️ Rolled back',
} as const;

/** The status line of a root, as plain text (escaped when rendered). */
export function statusLine(state: ConversationState, now: number): string {
  if (state.kind === 'deployment' && state.phase !== undefined) {
    const since = state.startedAt ?? state.firstAt;
    const end = state.status === 'resolved' ? (state.resolvedAt ?? state.lastAt) : now;
    const took =
      state.phase === 'started' ? ` since ${formatClock(since) ?? ''}` : ` after ${elapsedText(end - since)}`;
    return `${PHASE[state.phase]}${took}`;
  }
  if (state.status === 'resolved') {
    const by = state.resolvedBy ? ` by ${state.resolvedBy}` : '';
    return `✅ Resolved${by} after ${elapsedText((state.resolvedAt ?? state.lastAt) - state.firstAt)}, ${occurrences(state.count)}`;
  }
  const again =
    state.reopened > 0 ? `🔁 Reopened${state.reopened > 1 ? ` ×${state.reopened}` : ''}` : '🔥 Ongoing';
  const last = formatClock(state.lastAt);
  return `${again} · ${occurrences(state.count)}${last ? ` · last at ${last}` : ''}`;
}
