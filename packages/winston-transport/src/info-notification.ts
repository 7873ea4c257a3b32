import type { Notification, Priority } from '@backend-notifier/core';
import { redact } from '@backend-notifier/core';

/** Keys of a Winston info object that are not shown as fields (they are the message, level or error). */
const RESERVED = new Set(['level', 'message', 'stack', 'error', 'err', 'exception', 'name', 'source']);

/**
 * What winston's exception and rejection handlers add (`handleExceptions`): process, OS and a parsed
 * trace, kilobytes that would crowd out the fields that matter; the stack already has the trace.
 */
const EXCEPTION_EXTRAS = new Set(['date', 'process', 'os', 'trace', 'rejection']);

/**
 * The level as winston itself reads it (`triple-beam`'s `LEVEL`, which every winston transport filters on).
 * `info.level` is for display: `format.colorize()` turns it into `\u001b[31merror\u001b[39m`.
 */
const LEVEL = Symbol.for('level');

/** ANSI SGR sequences (what `format.colorize()` wraps around a level or a message). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched.
const ANSI_SGR = /\u001b\[[0-9;]*m/g;

/** The entry's level: `info[Symbol.for('level')]`, else `info.level` without colour codes. */
export function levelOf(info: Record<string | symbol, unknown>): string {
  const level = info[LEVEL];
  if (typeof level === 'string') return level;
  return typeof info['level'] === 'string' ? info['level'].replace(ANSI_SGR, '') : 'info';
}

/** Default level → priority: errors page someone, warnings are normal, the rest is low. */
export const DEFAULT_LEVEL_PRIORITIES: Readonly<Record<string, Priority>> = Object.freeze({
  emerg: 'high',
  alert: 'high',
  crit: 'high',
  error: 'high',
  warning: 'normal',
  warn: 'normal',
});

/** What {@link infoToNotification} needs from the transport's options. */
export interface InfoNotificationOptions {
  priorities: Readonly<Record<string, Priority>>;
  redactKeys: ReadonlyArray<string | RegExp>;
  channel: string | undefined;
}

/**
 * The error carried by a log entry, if any: the info itself (`logger.error(err)` with `format.errors()`),
 * `info.error` / `info.err` (the pino and Bunyan habit), or a bare `info.stack` (rebuilt as an `Error`
 * so core's error template shows its stack in a code block).
 */
export function errorOf(info: Record<string, unknown>): Error | undefined {
  if (info instanceof Error) return info;
  for (const key of ['error', 'err'] as const) {
    if (info[key] instanceof Error) return info[key];
  }
  if (typeof info['stack'] === 'string') {
    const message = typeof info['message'] === 'string' ? info['message'] : '';
    const rebuilt = new Error(message);
    // format.errors() copies message and stack but not the name; the stack's first line still has it.
    const fromStack = /^([A-Za-z_$][\w$]*): /.exec(info['stack'])?.[1];
    rebuilt.name = typeof info['name'] === 'string' ? info['name'] : (fromStack ?? 'Error');
    rebuilt.stack = info['stack'];
    return rebuilt;
  }
  return undefined;
}

function textOf(message: unknown): string {
  // `colorize({ all: true })` (or `{ message: true }`) colours the message too: Slack would show the codes.
  if (typeof message === 'string') return message.replace(ANSI_SGR, '');
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}

/** Turns one Winston info object into a notification: message as text, meta (redacted) as fields. */
export function infoToNotification(
  info: Record<string, unknown>,
  options: InfoNotificationOptions,
): Notification {
  const level = levelOf(info);
  const fields: Record<string, unknown> = { Level: level };
  const fromHandler = info['exception'] === true || info['rejection'] === true;
  const shown = Object.keys(info).filter(
    (key) => !RESERVED.has(key) && !(fromHandler && EXCEPTION_EXTRAS.has(key)),
  );
  const meta = redact(Object.fromEntries(shown.map((key) => [key, info[key]])), {
    keys: options.redactKeys,
  }) as Record<string, unknown>;
  for (const [key, value] of Object.entries(meta)) {
    fields[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  }
  const notification: Notification = {
    text: textOf(info['message']),
    priority: options.priorities[level] ?? 'low',
    fields,
  };
  const error = errorOf(info);
  if (error !== undefined) notification.error = error;
  if (options.channel !== undefined) notification.channel = options.channel;
  return notification;
}
