import type { NotificationField } from '../types.js';
import { LIST_READ_MAX } from './read-limit.js';
import { renderValue } from './render-value.js';
import { formatCount } from './truncate.js';

/** A field ready to render: raw (unescaped) strings. */
export interface RawField {
  title: string;
  value: string;
  short: boolean;
}

/**
 * Turns `fields` given as a record (label → any value) or as a list of `{ title, value, short }` into raw
 * fields; values of any type are rendered with `renderValue`. Shape errors are caught earlier by
 * `validateNotification`. At most `LIST_READ_MAX` fields are rendered; past that, one last field says how
 * many were left out (a 10,000-key record costs what 200 fields cost).
 */
export function normalizeFields(
  fields: Record<string, unknown> | NotificationField[] | undefined,
): RawField[] {
  if (fields === undefined || fields === null) return [];
  let out: RawField[];
  let total: number;
  if (Array.isArray(fields)) {
    total = fields.length;
    out = fields.slice(0, LIST_READ_MAX).map((f: Partial<NotificationField>) => ({
      title: renderValue(f.title),
      value: renderValue(f.value),
      short: f.short !== false,
    }));
  } else {
    const keys = Object.keys(fields);
    total = keys.length;
    out = keys
      .slice(0, LIST_READ_MAX)
      .map((title) => ({ title, value: renderValue(fields[title]), short: true }));
  }
  if (total > out.length) {
    out.push({ title: '…', value: `${formatCount(total - out.length)} more fields left out`, short: false });
  }
  return out;
}
