import type { SectionBlock } from '@slack/web-api';
import type { ErrorDescription, ErrorSummary } from './describe-error.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { SLACK_LIMITS } from './limits.js';
import { sectionBlock } from './message-parts.js';
import { unreadNotice } from './read-limit.js';
import { escapeAndTruncate, head, truncatePlain } from './truncate.js';

/** Names are labels, not data dumps. */
const NAME_MAX = 200;
/** Each cause or aggregated error gets one short line. */
const SUMMARY_MESSAGE_MAX = 300;

/**
 * Makes data safe inside a ``` block: a ``` in the data would close our block early and turn the rest into
 * live mrkdwn, so it is broken up with zero-width spaces.
 */
export function neutralizeFences(s: string): string {
  return s.replace(/```/g, '`\u200b`\u200b`');
}

/**
 * A ``` code block of raw text, escaped and cut to `max` code units with the fences kept balanced.
 * @param omitted characters of the text already left out before this call (counted in the notice). @default 0
 */
export function codeBlock(raw: string, max: number, omitted = 0): string {
  return `\`\`\`\n${escapeAndTruncate(neutralizeFences(raw), max - 8, omitted)}\n\`\`\``;
}

/**
 * `: message` (escaped, cut to `max` with what was left out counted), the notice for a message too long to
 * read, or `''` when there is no message.
 */
export function messagePart(d: ErrorDescription, max: number): string {
  if (d.message) return `: ${escapeAndTruncate(d.message, max, d.messageOmitted)}`;
  return d.messageOmitted ? `: _${unreadNotice('message', d.messageOmitted)}_` : '';
}

/** `Name: first line of message`, for headers and fallback text (raw). */
export function errorHeadline(d: ErrorDescription): string {
  const first =
    d.message === '' && d.messageOmitted
      ? unreadNotice('message', d.messageOmitted)
      : (head(d.message, 1_000).split('\n', 1)[0] ?? '');
  return first ? `${truncatePlain(d.name, NAME_MAX)}: ${first}` : truncatePlain(d.name, NAME_MAX);
}

function summaryLine(prefix: string, s: ErrorSummary): string {
  const message = s.message
    ? `: ${escapeAndTruncate(head(s.message, SUMMARY_MESSAGE_MAX * 2).replace(/\s+/g, ' '), SUMMARY_MESSAGE_MAX)}`
    : '';
  return `${prefix}*${escapeMrkdwn(truncatePlain(s.name, NAME_MAX))}*${message}`;
}

/**
 * The error template's sections: `*Name* (code): message`, the stack in a code block, then the `cause`
 * chain and `AggregateError` members. `lead` (escaped mrkdwn: marker, mentions) goes in front.
 */
export function errorSections(d: ErrorDescription, lead: string): SectionBlock[] {
  const head = `${lead}*${escapeMrkdwn(truncatePlain(d.name, NAME_MAX))}*${
    d.code ? ` (${escapeMrkdwn(truncatePlain(d.code, NAME_MAX))})` : ''
  }`;
  const sections = [sectionBlock(head + messagePart(d, SLACK_LIMITS.sectionText - head.length - 2))];
  if (d.stack) sections.push(sectionBlock(codeBlock(d.stack, SLACK_LIMITS.sectionText)));
  else if (d.stackOmitted) sections.push(sectionBlock(`_${unreadNotice('stack', d.stackOmitted)}_`));
  const lines = [
    ...d.causes.map((c) => summaryLine('↳ Caused by ', c)),
    ...d.errors.map((e, i) => summaryLine(`${i + 1}. `, e)),
  ];
  if (d.errorsTotal > d.errors.length) lines.push(`… and ${d.errorsTotal - d.errors.length} more errors`);
  if (lines.length > 0) sections.push(sectionBlock(lines.join('\n')));
  return sections;
}
