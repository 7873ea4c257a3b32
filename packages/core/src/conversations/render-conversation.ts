import { buildMessage } from '../format/build-message.js';
import { escapeMrkdwn } from '../format/escape-mrkdwn.js';
import { fitToLimits } from '../format/fit-to-limits.js';
import type { PriorityMarkers } from '../format/markers.js';
import type { SlackMessage } from '../slack/gateway-types.js';
import type { Notification } from '../types.js';
import type { ConversationState } from './conversation-types.js';
import type { ConversationReply } from './decide-conversation.js';
import { statusLine } from './status-text.js';

/** Options of the renderers. */
export interface RenderConversationOptions {
  /** Priority markers (as `NotifierOptions.markers`). @default 🔴 🟢 ⚪ */
  markers?: Partial<PriorityMarkers>;
}

function asObject(n: Notification | string): Notification {
  return typeof n === 'string' ? { text: n } : n;
}

/** `context` with our line first; a caller's own entry of that name gives way (ours says what is true now). */
function withLine(n: Notification, label: string, line: string): Notification {
  const context: Record<string, unknown> = { [label]: line };
  for (const [k, v] of Object.entries(n.context ?? {})) if (k !== label) context[k] = v;
  return { ...n, context };
}

/**
 * The root of a conversation: its first event in its template (error, deployment, notice), with the
 * conversation's status as the first context line and at the end of the fallback text, e.g.
 * `✅ Resolved after 12 min, 1,204 occurrences`. A deployment shows its latest status and duration. Every
 * string is escaped by `buildMessage`; the result is within Slack's limits.
 */
export function renderRoot(
  state: ConversationState,
  now: number,
  options: RenderConversationOptions = {},
): SlackMessage {
  const head = asObject(state.head);
  let n: Notification = { ...head, priority: state.priority };
  if (state.kind === 'deployment' && head.deployment !== undefined && state.phase !== undefined) {
    const d = { ...head.deployment, status: state.phase };
    if (d.durationMs === undefined && state.phase !== 'started' && state.startedAt !== undefined) {
      d.durationMs = Math.max(0, (state.resolvedAt ?? state.lastAt) - state.startedAt);
    }
    n = { ...n, deployment: d };
  }
  const line = statusLine(state, now);
  const message = buildMessage(withLine(n, 'Status', line), markersOf(options));
  return fitToLimits({ ...message, text: `${message.text} · ${escapeMrkdwn(line)}` });
}

/**
 * A thread reply: a sample is the event as it came (its mentions left out: only the root pings) with the
 * reason as its first context line; a status change, a resolution or a reopening is one escaped line.
 */
export function renderReply(
  reply: ConversationReply,
  priority: Notification['priority'],
  options: RenderConversationOptions = {},
): SlackMessage {
  if (reply.sample !== undefined) {
    const { mention: _mention, threadTs: _thread, ...sample } = asObject(reply.sample);
    return buildMessage(withLine(sample, 'Follow-up', reply.line), markersOf(options));
  }
  return buildMessage({ text: reply.line, priority: priority ?? 'normal' }, markersOf(options));
}

function markersOf(options: RenderConversationOptions): { markers?: Partial<PriorityMarkers> } {
  return options.markers ? { markers: options.markers } : {};
}
