import { buildMessage } from '../format/build-message.js';
import { describeError } from '../format/describe-error.js';
import { type PriorityMarkers, resolveMarkers } from '../format/markers.js';
import { head, truncatePlain } from '../format/truncate.js';
import type { DroppedNotice } from '../format/types.js';
import type { SlackMessage } from '../slack/gateway-types.js';
import type { Notification, OutboxItem } from '../types.js';

/** One digest line per message: a summary, not the message (the section limit is 3,000 characters). */
const LINE_MAX = 140;

function summary(n: Notification | string): string {
  if (typeof n === 'string') return n;
  if (n.title) return n.text ? `${n.title}: ${head(n.text, LINE_MAX)}` : n.title;
  if (n.error !== undefined) {
    const d = describeError(n.error);
    return d.message ? `${d.name}: ${head(d.message, LINE_MAX)}` : d.name;
  }
  if (n.deployment) return `${n.deployment.service} ${n.deployment.version} ${n.deployment.status}`;
  return n.text ?? 'Notification';
}

/** A single line of at most `LINE_MAX` characters: line breaks would break the list. */
function line(n: Notification | string): string {
  return truncatePlain(
    head(summary(n), LINE_MAX * 2)
      .replace(/\s+/g, ' ')
      .trim(),
    LINE_MAX,
  );
}

/**
 * One message standing for several waiting ones, oldest first: a header with the count, one escaped line
 * per message (its marker and a summary), and the dropped notice. Built by `buildMessage` from plain data,
 * so it is escaped and within Slack's limits; mentions of the folded messages are not rendered (a digest
 * never pings).
 */
export function renderDigest(
  items: readonly OutboxItem[],
  options: { markers?: Partial<PriorityMarkers>; droppedNotice?: DroppedNotice },
): SlackMessage {
  const markers = resolveMarkers(options.markers);
  const text = items.map((item) => `${markers[item.priority]} ${line(item.notification)}`).join('\n');
  return buildMessage(
    { title: `Digest: ${items.length} messages (backlog)`, text, priority: 'normal' },
    {
      ...(options.markers ? { markers: options.markers } : {}),
      ...(options.droppedNotice ? { droppedNotice: options.droppedNotice } : {}),
    },
  );
}
