import type { NotificationField } from '../types.js';
import { renderValue } from './render-value.js';

/** A field ready to render: raw (unescaped) strings. */
export interface RawField {
  title: string;
  value: string;
  short: boolean;
}

/**
 * Turns `fields` given as a record (label → any value) or as a list of `{ title, value, short }` into raw
 * fields; values of any type are rendered with `renderValue`. Shape errors are caught earlier by
 * `validateNotification`.
 */
export function normalizeFields(
  fields: Record<string, unknown> | NotificationField[] | undefined,
): RawField[] {
  if (fields === undefined || fields === null) return [];
  if (Array.isArray(fields)) {
    return fields.map((f: Partial<NotificationField>) => ({
      title: renderValue(f.title),
      value: renderValue(f.value),
      short: f.short !== false,
    }));
  }
  return Object.entries(fields).map(([title, value]) => ({ title, value: renderValue(value), short: true }));
}
