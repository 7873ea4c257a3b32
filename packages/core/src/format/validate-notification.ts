import { NotifierError } from '../errors.js';
import type { Notification } from '../types.js';
import { LIST_READ_MAX } from './read-limit.js';

const PRIORITIES = new Set(['high', 'normal', 'low']);
const STATUSES = new Set(['started', 'succeeded', 'failed', 'rolled_back']);
const COLOR = /^(good|warning|danger|#[0-9a-f]{3}|#[0-9a-f]{6})$/i;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function fail(field: string, message: string): never {
  // Messages name the field and the type, never the value: it could be a secret.
  throw new NotifierError('invalid_notification', message, { details: { field } });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(n: Record<string, unknown>, key: string): void {
  if (n[key] !== undefined && typeof n[key] !== 'string') {
    fail(key, `notification.${key} must be a string (got ${typeName(n[key])})`);
  }
}

function checkDeployment(d: unknown): void {
  if (!isRecord(d)) fail('deployment', `notification.deployment must be an object (got ${typeName(d)})`);
  for (const key of ['service', 'version', 'environment']) {
    if (typeof d[key] !== 'string' || d[key] === '') {
      fail('deployment', `notification.deployment.${key} must be a non-empty string`);
    }
  }
  if (typeof d.status !== 'string' || !STATUSES.has(d.status)) {
    fail(
      'deployment',
      'notification.deployment.status must be one of started, succeeded, failed, rolled_back',
    );
  }
  for (const key of ['url', 'by', 'id']) {
    if (d[key] !== undefined && typeof d[key] !== 'string') {
      fail('deployment', `notification.deployment.${key} must be a string (got ${typeName(d[key])})`);
    }
  }
  const ms = d.durationMs;
  if (ms !== undefined && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) {
    fail('deployment', 'notification.deployment.durationMs must be a finite number ≥ 0');
  }
}

function checkList(n: Record<string, unknown>, key: 'blocks' | 'attachments'): void {
  const list = n[key];
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(key, `notification.${key} must be an array (got ${typeName(list)})`);
  // Items past LIST_READ_MAX are never sent (only counted), so they are not looked at either.
  const count = Math.min(list.length, LIST_READ_MAX);
  for (let i = 0; i < count; i++) {
    if (!(i in list)) continue; // a hole, skipped as forEach skips it
    const item: unknown = list[i];
    if (!isRecord(item)) fail(key, `notification.${key}[${i}] must be an object (got ${typeName(item)})`);
    if (key === 'blocks' && typeof item.type !== 'string') {
      fail(key, `notification.blocks[${i}].type must be a string`);
    }
  }
}

function checkFields(fields: unknown): void {
  if (fields === undefined) return;
  if (Array.isArray(fields)) {
    const n = Math.min(fields.length, LIST_READ_MAX);
    for (let i = 0; i < n; i++) {
      if (!(i in fields)) continue;
      const f: unknown = fields[i];
      if (!isRecord(f) || typeof f.title !== 'string') {
        fail('fields', `notification.fields[${i}] must be an object with a string title`);
      }
    }
    return;
  }
  if (!isRecord(fields))
    fail('fields', `notification.fields must be an object or an array (got ${typeName(fields)})`);
}

function hasContent(n: Notification): boolean {
  // A record counts without listing its keys: that is O(keys) (2 ms for 10,000), and buildMessage refuses
  // a notification whose only content is an empty record when it renders it.
  const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : isRecord(v));
  return (
    (typeof n.text === 'string' && n.text !== '') ||
    (typeof n.title === 'string' && n.title !== '') ||
    n.error !== undefined ||
    n.deployment !== undefined ||
    nonEmpty(n.blocks) ||
    nonEmpty(n.attachments) ||
    nonEmpty(n.fields)
  );
}

/**
 * Checks the shape of a notification (a string is shorthand for `{ text }`) and returns it as an object.
 * Bounded whatever the input: lists are checked up to `LIST_READ_MAX` items, records are not walked.
 * @throws NotifierError `invalid_notification` saying which field is wrong (never echoing its value).
 */
export function validateNotification(input: unknown): Notification {
  if (typeof input === 'string') {
    if (input === '') fail('text', 'notification text is empty');
    return { text: input };
  }
  if (!isRecord(input))
    fail('notification', `a notification must be an object or a string (got ${typeName(input)})`);
  for (const key of ['text', 'title', 'channel', 'color', 'threadTs', 'fingerprint', 'key'])
    optionalString(input, key);
  if (input.priority !== undefined && !PRIORITIES.has(input.priority as string)) {
    fail('priority', 'notification.priority must be one of high, normal, low');
  }
  if (typeof input.color === 'string' && !COLOR.test(input.color)) {
    fail('color', 'notification.color must be good, warning, danger or a #rrggbb colour');
  }
  checkList(input, 'blocks');
  checkList(input, 'attachments');
  checkFields(input.fields);
  if (input.context !== undefined && !isRecord(input.context)) {
    fail('context', `notification.context must be an object (got ${typeName(input.context)})`);
  }
  if (input.deployment !== undefined) checkDeployment(input.deployment);
  const n = input as Notification;
  if (!hasContent(n)) {
    fail(
      'notification',
      'a notification needs text, title, error, deployment, fields, blocks or attachments',
    );
  }
  return n;
}
