import { escapeMrkdwn } from './escape-mrkdwn.js';
import { formatCount, truncatePlain } from './truncate.js';
import type { DroppedNotice, GroupInfo } from './types.js';

const num = formatCount;

/** `600000` → `10 min`, `30000` → `30 s`, `7200000` → `2 h`. */
export function formatWindow(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1_000) return `${num(Math.round(ms / 1_000))} s`;
  return `${Math.max(0, Math.round(ms))} ms`;
}

/** `12:03:04 UTC` for an epoch ms; `undefined` when it is not a valid time. */
export function formatClock(epochMs: number): string | undefined {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? undefined : `${d.toISOString().slice(11, 19)} UTC`;
}

/**
 * The dropped-notifications warning as escaped mrkdwn, e.g.
 * `⚠ 12 earlier notifications were dropped (queue_overflow: 12)`; `undefined` when nothing was dropped.
 */
export function droppedNoticeLine(notice: DroppedNotice | undefined): string | undefined {
  if (!notice || !Number.isFinite(notice.count) || notice.count <= 0) return undefined;
  const count = Math.floor(notice.count);
  const verb = count === 1 ? 'notification was' : 'notifications were';
  const reasons = Object.entries(notice.byReason ?? {})
    .filter(([, n]) => Number.isFinite(n) && n > 0)
    .map(([reason, n]) => `${truncatePlain(reason, 60)}: ${num(n)}`)
    .join(', ');
  return escapeMrkdwn(`⚠ ${num(count)} earlier ${verb} dropped${reasons ? ` (${reasons})` : ''}`);
}

/**
 * The storm counter line as escaped mrkdwn, e.g. `×214 in the last 10 min, last at 12:03:04 UTC`;
 * `undefined` for a group of one.
 */
export function groupLine(group: GroupInfo | undefined): string | undefined {
  if (!group || !Number.isFinite(group.count) || group.count <= 1) return undefined;
  const last = formatClock(group.lastAt);
  return escapeMrkdwn(
    `×${num(Math.floor(group.count))} in the last ${formatWindow(group.windowMs)}${last ? `, last at ${last}` : ''}`,
  );
}
