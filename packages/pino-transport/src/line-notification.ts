import type { Notification, Priority } from '@backend-notifier/core';
import { redact } from '@backend-notifier/core';
import { type LevelMap, priorityOf } from './levels.js';

/** How pino lines are read and turned into notifications: the options both entry points share. */
export interface LineOptions {
  /**
   * The most verbose level sent to Slack, as a label (`'warn'`, a custom level's name) or a number.
   * @default 'error'
   */
  level?: string | number;
  /**
   * Level label → priority, merged over the defaults. A level not listed is ranked by its number: at or above
   * pino's `error` (50) `high`, at or above `warn` (40) `normal`, below `low`.
   * @default { fatal: 'high', error: 'high', warn: 'normal' }
   */
  priorities?: Readonly<Record<string, Priority>>;
  /**
   * More keys to redact, on top of core's (`password`, `passwd`, `secret`, `token`, `api_key`,
   * `authorization`, `cookie`, `session`, matched anywhere in a key, at any depth). pino's own `redact`
   * runs first, in the logger: what it removed or censored never reaches this package.
   * @default []
   */
  redactKeys?: ReadonlyArray<string | RegExp>;
  /** A named route of the notifier (`routes` in its options) to post to. @default the notifier's default channel */
  route?: string;
  /**
   * The logger's custom levels (label → number, as given to pino's `customLevels`), so that `level` and
   * `priorities` can name them. The worker learns them from pino itself and the destination from the
   * logger that writes; this is for lines that come without either.
   * @default {}
   */
  customLevels?: Readonly<Record<string, number>>;
  /** pino's `messageKey`. The worker learns it from pino. @default 'msg' */
  messageKey?: string;
  /** pino's `errorKey`. The worker learns it from pino. @default 'err' */
  errorKey?: string;
}

/** The options resolved once, as the translation reads them. */
export interface LineContext {
  levels: LevelMap;
  priorities: Readonly<Record<string, Priority>>;
  redactKeys: ReadonlyArray<string | RegExp>;
  route: string | undefined;
  messageKey: string;
  errorKey: string;
}

/** What pino puts on every line that is not the entry's own data: shown as context, not as fields. */
const CONTEXT_KEYS = ['hostname', 'pid', 'time'] as const;

/** Keys that are the entry's level, message or error, or pino's bookkeeping: never fields. */
const RESERVED = new Set<string>(['level', 'v', ...CONTEXT_KEYS]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An error as pino's `err` serializer (pino-std-serializers) writes it: `{ type, message, stack, code?, … }`,
 * message and stack already including the `cause` chain. Turned into the snapshot shape core's error template
 * reads (`{ name, message, stack, code }`); anything that is not error-like is not an error.
 */
export function pinoErrorOf(value: unknown): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined;
  const { message, stack } = value;
  if (typeof message !== 'string' && typeof stack !== 'string') return undefined;
  const name =
    typeof value['type'] === 'string' && value['type'] !== ''
      ? value['type']
      : typeof value['name'] === 'string'
        ? value['name']
        : 'Error';
  const error: Record<string, unknown> = { name, message: typeof message === 'string' ? message : '' };
  if (typeof stack === 'string') error['stack'] = stack;
  const code = value['code'];
  if (typeof code === 'string' || typeof code === 'number') error['code'] = String(code);
  return error;
}

function textOf(message: unknown): string | undefined {
  if (message === undefined || message === null) return undefined;
  if (typeof message === 'string') return message;
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}

function timeOf(time: unknown): string | undefined {
  if (typeof time === 'number' && Number.isFinite(time)) {
    const date = new Date(time);
    return Number.isNaN(date.getTime()) ? String(time) : date.toISOString();
  }
  return typeof time === 'string' ? time : undefined;
}

/**
 * One parsed pino line → one notification: the message (`msg`) as text, the level and the entry's other keys
 * (redacted) as fields, `hostname`, `pid` and `time` as context lines, and the serialized `err` through core's
 * error template (name, message, stack in a code block).
 */
export function lineToNotification(line: Record<string, unknown>, context: LineContext): Notification {
  const levelNumber = context.levels.numberOf(line['level']);
  const label = context.levels.labelOf(line['level']);
  const skip = new Set([...RESERVED, context.messageKey, context.errorKey]);
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(line)) if (!skip.has(key)) meta[key] = line[key];
  const errorValue = line[context.errorKey];
  const error = pinoErrorOf(errorValue);
  // An `err` that is not error-like (a string, say) is data like any other key.
  if (error === undefined && errorValue !== undefined) meta[context.errorKey] = errorValue;
  const fields: Record<string, unknown> = {
    Level: label,
    ...(redact(meta, { keys: context.redactKeys }) as Record<string, unknown>),
  };
  const shown: Record<string, unknown> = {};
  const time = timeOf(line['time']);
  if (typeof line['hostname'] === 'string') shown['hostname'] = line['hostname'];
  if (typeof line['pid'] === 'number') shown['pid'] = line['pid'];
  if (time !== undefined) shown['time'] = time;
  const notification: Notification = { priority: priorityOf(label, levelNumber, context.priorities), fields };
  const text = textOf(line[context.messageKey]);
  if (text !== undefined) notification.text = text;
  if (error !== undefined) notification.error = error;
  if (Object.keys(shown).length > 0) notification.context = shown;
  if (context.route !== undefined) notification.channel = context.route;
  return notification;
}
