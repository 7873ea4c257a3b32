import { createHash } from 'node:crypto';
import type { Notification } from '../types.js';
import { errorHead, isErrorLike } from './describe-error.js';
import { jsonPrefix } from './json-prefix.js';
import { maskVolatile } from './mask-volatile.js';
import { readable } from './read-limit.js';
import { topInAppFrame } from './stack-frames.js';
import { sliceCodeUnits, toWellFormed } from './well-formed.js';

/** Masked text beyond this length adds nothing to grouping and only costs hashing time. */
const MAX_HASHED_TEXT = 2_000;

function hash(parts: string[]): string {
  return createHash('sha1')
    .update(toWellFormed(parts.join('\n')), 'utf8')
    .digest('hex')
    .slice(0, 16);
}

/** Stands for a string too long to read (over `READ_MAX`): all of them group together. */
const UNREAD = '\u0000<unread>';

function masked(s: string | undefined): string {
  if (!s) return '';
  return readable(s) === undefined ? UNREAD : maskVolatile(sliceCodeUnits(s, MAX_HASHED_TEXT));
}

/** `fn@dir/file` of the top in-app frame, `UNREAD` for a stack too long to read, `''` for none. */
function framePart(error: unknown): string {
  try {
    if (!isErrorLike(error)) return '';
    const stack = error.stack;
    if (typeof stack !== 'string') {
      // An error snapshot of a stack that was too long to read keeps only its length.
      return !(error instanceof Error) && typeof error.stackOmitted === 'number' ? UNREAD : '';
    }
    if (readable(stack) === undefined) return UNREAD;
    const frame = topInAppFrame(stack);
    return frame ? `${frame.fn}@${shortFile(frame.file)}` : '';
  } catch {
    // A throwing `stack` getter: the error is grouped by its name and message alone.
    return '';
  }
}

/** Only the last two path segments: deploy folders (`/srv/app/releases/123/…`) differ between hosts. */
function shortFile(file: string): string {
  return file.split('/').slice(-2).join('/');
}

/**
 * The grouping key of a thrown value: its class name, its message with volatile parts masked, and its top
 * in-app stack frame (function and file; line and column ignored, Node internals and `node_modules`
 * skipped). 16 hex characters. Reads at most `READ_MAX` characters of the message and of the stack: a
 * longer one counts as "unread", so such errors of one class group together. Never throws.
 */
export function fingerprintOfError(error: unknown): string {
  const h = errorHead(error);
  const message = h.message === '' && h.messageOmitted !== undefined ? UNREAD : masked(h.message);
  return hash(['error', h.name, message, framePart(error)]);
}

function isNotification(v: unknown): v is Notification {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Error) return false;
  const keys = ['text', 'title', 'error', 'deployment', 'blocks', 'attachments', 'fields', 'fingerprint'];
  return keys.some((k) => k in v) && !('stack' in v) && !('message' in v);
}

/**
 * The grouping key of a notification or a thrown value (16 hex characters). For a notification: its
 * explicit `fingerprint` as given; else its error's fingerprint; else a deployment's service, environment
 * and status; else its title and masked text. Any other value is fingerprinted as a thrown value.
 */
export function fingerprintOf(input: Notification | string | unknown): string {
  if (typeof input === 'string') return hash(['text', '', masked(input)]);
  if (!isNotification(input)) return fingerprintOfError(input);
  if (typeof input.fingerprint === 'string' && input.fingerprint !== '') return input.fingerprint;
  if (input.error !== undefined) return fingerprintOfError(input.error);
  const d = input.deployment;
  if (d) return hash(['deployment', String(d.service), String(d.environment), String(d.status)]);
  const text = typeof input.text === 'string' ? input.text : '';
  const title = typeof input.title === 'string' ? input.title : '';
  if (text === '' && title === '' && input.blocks) {
    let json = '';
    try {
      // Only the first MAX_HASHED_TEXT characters count: a million blocks are not serialized to find them.
      json = jsonPrefix(input.blocks, MAX_HASHED_TEXT) ?? '';
    } catch {
      // Unserializable blocks are refused by buildMessage anyway; they all share one key here.
    }
    return hash(['blocks', masked(json)]);
  }
  return hash(['text', masked(title), masked(text)]);
}
