import { safeLinkUrl } from '../format/deployment-template.js';
import { escapeMrkdwn } from '../format/escape-mrkdwn.js';
import { fitToLimits } from '../format/fit-to-limits.js';
import { type PriorityMarkers, resolveMarkers } from '../format/markers.js';
import { formatClock } from '../format/status-lines.js';
import { formatCount } from '../format/truncate.js';
import type { SlackMessage } from '../slack/gateway-types.js';
import type { DigestBook, DigestEntry } from './digest-book.js';

/** A section holds at most 3,000 characters: lines are packed below that. */
const SECTION_MAX = 2_800;
/** Longer links are shown without the link (a permalink is about 80 characters). */
const LINK_MAX = 400;

function entryLine(e: DigestEntry, markers: PriorityMarkers): string {
  const summary = escapeMrkdwn(e.summary);
  const link = e.permalink !== undefined ? safeLinkUrl(e.permalink) : undefined;
  const label = link !== undefined && link.token.length <= LINK_MAX ? `<${link.token}|${summary}>` : summary;
  const done = e.resolved ? ' ✅' : '';
  return `${escapeMrkdwn(markers[e.priority])} *×${formatCount(e.count)}* ${label}${done}`;
}

/**
 * The digest message of a channel: a header with the totals, one line per key for the top `lines` keys
 * (high priority first; a link to the key's own thread when it has one), one line summing the rest, and
 * when it was last updated. Every interpolated string is escaped; links pass `safeLinkUrl`; the result is
 * fitted to Slack's limits. The fallback text carries the totals, so a notification or a screen reader
 * tells the same.
 */
export function renderDigestMessage(
  book: DigestBook,
  now: number,
  options: { lines: number; markers?: Partial<PriorityMarkers> },
): SlackMessage {
  const markers = resolveMarkers(options.markers);
  const ranked = book.ranked();
  const top = ranked.slice(0, options.lines);
  const rest = ranked.slice(options.lines);
  const restEvents = rest.reduce((sum, e) => sum + e.count, 0);
  const totals = `${formatCount(book.events)} events in ${formatCount(book.keys)} conversations`;
  const lines = top.map((e) => entryLine(e, markers));
  if (rest.length > 0) {
    lines.push(`…and ${formatCount(rest.length)} more conversations, ${formatCount(restEvents)} events`);
  }
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + line.length + 1 > SECTION_MAX) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') sections.push(current);
  const updated = formatClock(now);
  const message: SlackMessage = {
    text: `Digest: ${totals} (more than this channel's pace can post one by one)`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Digest: ${totals}`.slice(0, 150), emoji: true } },
      ...sections.map((text) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } })),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: escapeMrkdwn(
              `Folded because the channel's Slack budget could not post each one in time${updated ? ` · updated ${updated}` : ''}`,
            ),
          },
        ],
      },
    ],
  };
  return fitToLimits(message);
}
