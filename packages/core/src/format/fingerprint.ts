import { createHash } from 'node:crypto';
import type { Notification } from '../types.js';
import { describeError, isErrorLike } from './describe-error.js';
import { maskVolatile } from './mask-volatile.js';
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

function masked(s: string | undefined): string {
  return s ? maskVolatile(sliceCodeUnits(s, MAX_HASHED_TEXT)) : '';
}

/** Only the last two path segments: deploy folders (`/srv/app/releases/123/…`) differ between hosts. */
function shortFile(file: string): string {
  return file.split('/').slice(-2).join('/');
}

/**
 * The grouping key of a thrown value: its class name, its message with volatile parts masked, and its top
 * in-app stack frame (function and file; line and column ignored, Node internals and `node_modules`
 * skipped). 16 hex characters.
 */
export function fingerprintOfError(error: unknown): string {
  const d = describeError(error);
  const stack = isErrorLike(error) && typeof error.stack === 'string' ? error.stack : undefined;
  const frame = topInAppFrame(stack);
  return hash(['error', d.name, masked(d.message), frame ? `${frame.fn}@${shortFile(frame.file)}` : '']);
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
      json = JSON.stringify(input.blocks) ?? '';
    } catch {
      // Unserializable blocks are refused by buildMessage anyway; they all share one key here.
    }
    return hash(['blocks', masked(json)]);
  }
  return hash(['text', masked(title), masked(text)]);
}
