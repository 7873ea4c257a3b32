import type { SlackMessage } from '../slack/gateway-types.js';
import type { Notification } from '../types.js';
import { formatDuration } from './deployment-template.js';
import { describeError } from './describe-error.js';
import { codeBlock, messagePart } from './error-template.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { normalizeFields } from './fields.js';
import { fitToLimits } from './fit-to-limits.js';
import { resolveMarkers } from './markers.js';
import { contextLines, label } from './message-parts.js';
import { unreadNotice } from './read-limit.js';
import { renderMentions } from './render-mentions.js';
import { droppedNoticeLine, groupLine } from './status-lines.js';
import { escapeAndTruncate, head } from './truncate.js';
import type { BuildMessageOptions } from './types.js';
import { validateNotification } from './validate-notification.js';

/** Budgets inside the 39,000 characters, so a huge part cannot push out the others. */
const TEXT_MAX = 12_000;
const STACK_MAX = 8_000;
const LINE_MAX = 1_000;

/**
 * The same notification as text only, no blocks or attachments: what the pipeline sends once after Slack
 * rejected the rich payload (`invalid_blocks`, `msg_too_long`…). Escaped like `buildMessage`; raw blocks
 * and attachments are left out and the text says so.
 * @throws NotifierError `invalid_notification` for a malformed notification or mention.
 */
export function plainTextFallback(
  input: Notification | string,
  options: BuildMessageOptions = {},
): SlackMessage {
  const n = validateNotification(input);
  const marker = escapeMrkdwn(resolveMarkers(options.markers)[n.priority ?? 'normal']);
  const lines: string[] = [];
  const first = [marker, renderMentions(n.mention)];
  if (n.title)
    first.push(`*${escapeAndTruncate(head(n.title, LINE_MAX * 2).replace(/\s+/g, ' '), LINE_MAX)}*`);
  lines.push(first.filter((p) => p !== '').join(' '));
  const group = groupLine(options.group);
  if (group) lines.push(`_${group}_`);
  if (n.text) lines.push(escapeAndTruncate(n.text, TEXT_MAX));
  const d = n.deployment;
  if (d) {
    lines.push(
      `Deployment ${escapeMrkdwn(d.status)}: *${escapeAndTruncate(d.service, LINE_MAX)}* ${escapeAndTruncate(d.version, LINE_MAX)} → *${escapeAndTruncate(d.environment, LINE_MAX)}*`,
    );
    if (d.by) lines.push(`By: ${escapeAndTruncate(d.by, LINE_MAX)}`);
    if (d.durationMs !== undefined) lines.push(`Duration: ${formatDuration(d.durationMs)}`);
    if (d.url) lines.push(`URL: ${escapeAndTruncate(d.url, LINE_MAX)}`);
  }
  if (n.error !== undefined) {
    const e = describeError(n.error);
    lines.push(`*${escapeAndTruncate(e.name, LINE_MAX)}*${messagePart(e, TEXT_MAX) || ': '}`);
    if (e.stack) lines.push(codeBlock(e.stack, STACK_MAX));
    else if (e.stackOmitted) lines.push(`_${unreadNotice('stack', e.stackOmitted)}_`);
    for (const c of e.causes)
      lines.push(
        `↳ Caused by *${escapeAndTruncate(c.name, LINE_MAX)}*: ${escapeAndTruncate(c.message, LINE_MAX)}`,
      );
    if (e.errorsTotal > 0) lines.push(`(${e.errorsTotal} aggregated errors)`);
  }
  for (const f of normalizeFields(n.fields))
    lines.push(`${label(f.title)}: ${escapeAndTruncate(f.value, LINE_MAX)}`);
  lines.push(...contextLines(n.context));
  const blocks = n.blocks?.length ?? 0;
  const attachments = n.attachments?.length ?? 0;
  if (blocks + attachments > 0) {
    lines.push(`_(rich content left out: ${blocks} blocks, ${attachments} attachments)_`);
  }
  const dropped = droppedNoticeLine(options.droppedNotice);
  if (dropped) lines.push(`_${dropped}_`);
  const text = lines.filter((l) => l !== '').join('\n');
  return fitToLimits({ text });
}
