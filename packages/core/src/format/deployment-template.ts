import type { MessageAttachment } from '@slack/web-api';
import type { DeploymentInfo } from '../types.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import type { RawField } from './fields.js';
import { SAFE_LIMITS } from './limits.js';
import { attachmentFields } from './message-parts.js';
import { escapeAndTruncate, truncatePlain } from './truncate.js';

const STATUS = {
  started: { label: 'Started', emoji: '🚀', color: '#439FE0' },
  succeeded: { label: 'Succeeded', emoji: '✅', color: 'good' },
  failed: { label: 'Failed', emoji: '❌', color: 'danger' },
  rolled_back: { label: 'Rolled back', emoji: '↩️', color: 'warning' },
} as const;

/** Names in the summary line are cut here; the fields carry the full values. */
const NAME_MAX = 200;

/** `850 ms`, `12.5 s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3_600)}h ${String(Math.floor((s % 3_600) / 60)).padStart(2, '0')}m`;
}

/**
 * An http(s) URL in a form that is safe inside a Slack link token (`<url|label>`), or `undefined`.
 * Characters that would end the token are percent-encoded; `&` becomes `&amp;` as Slack asks.
 */
export function safeLinkUrl(url: string | undefined): { href: string; token: string } | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const href = parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  if (href.length > 2_000) return undefined;
  return { href, token: href.replace(/&/g, '&amp;') };
}

/** What the deployment template contributes to a message. */
export interface DeploymentParts {
  /** Raw one-liner for the header and fallback text. */
  headline: string;
  /** Escaped mrkdwn summary line. */
  summary: string;
  /** The legacy attachment with the colour bar and the fields (the seed's rich example). */
  attachment: MessageAttachment;
}

/**
 * The deployment template: a summary line, and a coloured attachment (good / danger / warning by status,
 * or `color`) with service, version, environment, status, by, duration and a link, followed by `extra`
 * fields of the notification.
 */
export function deploymentParts(d: DeploymentInfo, extra: RawField[], color?: string): DeploymentParts {
  const status = STATUS[d.status];
  const service = truncatePlain(d.service, NAME_MAX);
  const version = truncatePlain(d.version, NAME_MAX);
  const environment = truncatePlain(d.environment, NAME_MAX);
  const headline = `Deployment ${status.label.toLowerCase()}: ${service} ${version} → ${environment}`;
  const summary = `${status.emoji} *${escapeMrkdwn(service)}* ${escapeMrkdwn(version)} → *${escapeMrkdwn(environment)}*: ${status.label}`;
  const link = safeLinkUrl(d.url);
  const fields: RawField[] = [
    { title: 'Service', value: d.service, short: true },
    { title: 'Version', value: d.version, short: true },
    { title: 'Environment', value: d.environment, short: true },
    { title: 'Status', value: `${status.emoji} ${status.label}`, short: true },
  ];
  if (d.by) fields.push({ title: 'By', value: d.by, short: true });
  if (d.durationMs !== undefined)
    fields.push({ title: 'Duration', value: formatDuration(d.durationMs), short: true });
  const attachment: MessageAttachment = {
    color: color ?? status.color,
    fallback: escapeAndTruncate(headline, SAFE_LIMITS.attachmentPretext),
    title: escapeAndTruncate(`${service} ${version}`, SAFE_LIMITS.attachmentTitle),
    fields: attachmentFields([...fields, ...extra]),
    mrkdwn_in: ['text', 'fields'],
  };
  if (link) {
    attachment.title_link = link.href;
    // Our own link token: the URL was parsed and re-encoded above, the label is fixed text.
    attachment.fields?.push({ title: 'Link', value: `<${link.token}|Open>`, short: true });
  } else if (d.url) {
    attachment.fields?.push({
      title: 'Link',
      value: escapeAndTruncate(d.url, SAFE_LIMITS.attachmentFieldValue),
      short: true,
    });
  }
  return { headline, summary, attachment };
}
