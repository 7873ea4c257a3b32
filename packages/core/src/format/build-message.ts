import type { KnownBlock, MessageAttachment } from '@slack/web-api';
import { NotifierError } from '../errors.js';
import type { SlackMessage } from '../slack/gateway-types.js';
import type { Notification } from '../types.js';
import { deploymentParts } from './deployment-template.js';
import { describeError } from './describe-error.js';
import { errorHeadline, errorSections } from './error-template.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { normalizeFields } from './fields.js';
import { fitToLimits } from './fit-to-limits.js';
import { SAFE_LIMITS, SLACK_LIMITS } from './limits.js';
import { resolveMarkers } from './markers.js';
import {
  attachmentFields,
  contextBlock,
  contextLines,
  fieldSections,
  headerBlock,
  sectionBlock,
} from './message-parts.js';
import { LIST_READ_MAX } from './read-limit.js';
import { renderMentions } from './render-mentions.js';
import { droppedNoticeLine, groupLine } from './status-lines.js';
import { escapeAndTruncate, formatCount, head } from './truncate.js';
import type { BuildMessageOptions } from './types.js';
import { validateNotification } from './validate-notification.js';

/** Only this much of a headline can reach the 150-character header. */
const HEADLINE_SCAN = 1_000;

function joinLead(...parts: string[]): string {
  const lead = parts.filter((p) => p !== '').join(' ');
  return lead === '' ? '' : `${lead} `;
}

/**
 * Turns a notification into a Slack payload: a top-level `text` (always present: Slack uses it for push
 * notifications and screen readers), and Block Kit blocks and legacy attachments when there is more than
 * plain text. Templates: error (name, message, stack, causes), deployment (the seed's coloured attachment
 * with fields) and a plain notice (title, text, fields, context). Every string from the notification is
 * escaped, so only `mention` can ping; raw `blocks` and `attachments` are kept as the caller made them,
 * only fitted. The result always passes `validateMessage`.
 * @throws NotifierError `invalid_notification` for a malformed notification or mention.
 */
export function buildMessage(input: Notification | string, options: BuildMessageOptions = {}): SlackMessage {
  const n = validateNotification(input);
  const marker = escapeMrkdwn(resolveMarkers(options.markers)[n.priority ?? 'normal']);
  const mentions = renderMentions(n.mention);
  const error = n.error !== undefined ? describeError(n.error) : undefined;
  const fields = normalizeFields(n.fields);
  const colored = n.color !== undefined || n.deployment !== undefined;
  const deployment = n.deployment ? deploymentParts(n.deployment, fields, n.color) : undefined;
  const context = contextLines(n.context);
  const dropped = droppedNoticeLine(options.droppedNotice);
  const group = groupLine(options.group);
  const title = n.title || undefined;
  const text = n.text || undefined;
  const headline = title ?? (error ? errorHeadline(error) : deployment?.headline);

  const rich =
    title !== undefined ||
    error !== undefined ||
    deployment !== undefined ||
    fields.length > 0 ||
    context.length > 0 ||
    dropped !== undefined ||
    group !== undefined ||
    (n.blocks?.length ?? 0) > 0 ||
    (n.attachments?.length ?? 0) > 0;

  if (!rich) {
    // Only an empty `fields` record gets here without text (validateNotification does not walk records).
    if (!text) {
      throw new NotifierError(
        'invalid_notification',
        'a notification needs text, title, error, deployment, fields, blocks or attachments',
        { details: { field: 'notification' } },
      );
    }
    const lead = joinLead(marker, mentions);
    return fitToLimits({ text: lead + escapeAndTruncate(text ?? '', SAFE_LIMITS.text - lead.length) });
  }

  const blocks: KnownBlock[] = [];
  const attachments: MessageAttachment[] = [];
  const header =
    headline !== undefined
      ? headerBlock(
          `${resolveMarkers(options.markers)[n.priority ?? 'normal']} ${head(headline, HEADLINE_SCAN)}`,
        )
      : undefined;
  if (header) blocks.push(header);
  if (group) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: group, verbatim: true }] });
  // Mentions (and the marker when there is no header) go in front of the first section.
  let lead = joinLead(header ? '' : marker, mentions);
  const takeLead = () => {
    const l = lead;
    lead = '';
    return l;
  };
  if (text !== undefined) {
    const l = takeLead();
    blocks.push(sectionBlock(l + escapeAndTruncate(text, SLACK_LIMITS.sectionText - l.length)));
  }
  if (deployment) blocks.push(sectionBlock(takeLead() + deployment.summary));
  if (error) blocks.push(...errorSections(error, takeLead()));
  if (lead.trim() !== '') blocks.push(sectionBlock(takeLead().trim()));
  if (deployment) attachments.push(deployment.attachment);
  else if (colored && fields.length > 0) {
    attachments.push({ color: n.color, fields: attachmentFields(fields), mrkdwn_in: ['text', 'fields'] });
  } else blocks.push(...fieldSections(fields));
  // Past LIST_READ_MAX, caller blocks and attachments are only counted (a million of them would overflow
  // the stack as spread arguments, and only 50 blocks can be sent).
  const leftOut = { blocks: cutCount(n.blocks), attachments: cutCount(n.attachments) };
  if (n.blocks) blocks.push(...n.blocks.slice(0, LIST_READ_MAX));
  const contextBlockOfNotification = contextBlock(context);
  if (contextBlockOfNotification) blocks.push(contextBlockOfNotification);
  if (dropped)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: dropped, verbatim: true }] });
  if (n.attachments) attachments.push(...n.attachments.slice(0, LIST_READ_MAX));

  // Cut before joining: concatenating a 1 MB string copies it, and only 3,000 characters are kept.
  const parts = title && text ? [title, text] : [headline ?? text ?? 'Notification'];
  const cutParts = parts.map((p) => head(p, SAFE_LIMITS.fallbackText));
  const omitted = parts.reduce((sum, p, i) => sum + p.length - (cutParts[i]?.length ?? 0), 0);
  const fallbackLead = joinLead(marker, mentions);
  const fallback =
    fallbackLead +
    escapeAndTruncate(cutParts.join(': '), SAFE_LIMITS.fallbackText - fallbackLead.length - 60, omitted);
  const counter = options.group && group ? ` (×${formatCount(options.group.count)})` : '';
  const message: SlackMessage = { text: fallback + counter };
  if (blocks.length > 0) message.blocks = blocks;
  if (attachments.length > 0) message.attachments = attachments;
  return fitToLimits(message, leftOut);
}

function cutCount(list: readonly unknown[] | undefined): number {
  return list === undefined ? 0 : Math.max(0, list.length - LIST_READ_MAX);
}
