import { describeError } from '../format/describe-error.js';
import { head, truncatePlain } from '../format/truncate.js';
import type { Notification } from '../types.js';

/** One summary line: a digest line or a sample's lead (plain text; escaped when rendered). */
const LINE_MAX = 140;
/** A stored head larger than this (as JSON) is cut down: a store keeps thousands of conversations. */
const HEAD_JSON_MAX = 16_000;
const STACK_KEEP = 4_000;
const TEXT_KEEP = 3_000;

/** A one-line plain-text summary of a notification, at most 140 characters. */
export function summaryLine(n: Notification | string): string {
  let s: string;
  if (typeof n === 'string') s = n;
  else if (n.title) s = n.text ? `${n.title}: ${head(n.text, LINE_MAX)}` : n.title;
  else if (n.error !== undefined) {
    const d = describeError(n.error);
    s = d.message ? `${d.name}: ${head(d.message, LINE_MAX)}` : d.name;
  } else if (n.deployment) s = `${n.deployment.service} ${n.deployment.version} ${n.deployment.status}`;
  else s = n.text ?? 'Notification';
  return truncatePlain(
    head(s, LINE_MAX * 2)
      .replace(/\s+/g, ' ')
      .trim(),
    LINE_MAX,
  );
}

/**
 * The first event of a conversation as it is stored (the root is re-rendered from it on every update):
 * as given when small (the error already snapshotted by the intake), otherwise its text and stack cut and
 * its raw blocks and attachments left out, so a store row stays a few kilobytes.
 */
export function compactHead(n: Notification | string): Notification | string {
  if (typeof n === 'string') return head(n, TEXT_KEEP);
  let size: number;
  try {
    size = JSON.stringify(n).length;
  } catch {
    size = Number.POSITIVE_INFINITY;
  }
  if (size <= HEAD_JSON_MAX) return n;
  const out: Notification = {};
  if (n.title !== undefined) out.title = head(n.title, 300);
  if (n.text !== undefined) out.text = head(n.text, TEXT_KEEP);
  if (n.priority !== undefined) out.priority = n.priority;
  if (n.color !== undefined) out.color = n.color;
  if (n.deployment !== undefined) out.deployment = n.deployment;
  if (n.mention !== undefined) out.mention = n.mention;
  const e = n.error;
  if (typeof e === 'object' && e !== null) {
    const r = e as Record<string, unknown>;
    out.error = {
      name: typeof r.name === 'string' ? head(r.name, 200) : 'Error',
      message: typeof r.message === 'string' ? head(r.message, TEXT_KEEP) : '',
      ...(typeof r.stack === 'string' ? { stack: head(r.stack, STACK_KEEP) } : {}),
      ...(typeof r.code === 'string' ? { code: head(r.code, 100) } : {}),
    };
  } else if (e !== undefined) out.error = typeof e === 'string' ? head(e, TEXT_KEEP) : e;
  if (out.title === undefined && out.text === undefined && out.error === undefined && !out.deployment) {
    out.text = summaryLine(n);
  }
  return out;
}
