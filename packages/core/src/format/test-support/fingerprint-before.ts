/**
 * The error fingerprint as it was before `notify()` got its read limit (commit 4a66ccc), kept verbatim in
 * substance as a reference: for every input of normal size, today's `fingerprintOfError` must give the
 * same key, so groups and stored conversations carry over.
 */
import { createHash } from 'node:crypto';
import { maskVolatile } from '../mask-volatile.js';
import { renderValue } from '../render-value.js';
import { isInAppFrame, type StackFrame } from '../stack-frames.js';
import { sliceCodeUnits, toWellFormed } from '../well-formed.js';

const V8_FRAME = /^\s*at\s+(.*)$/;
const GECKO_FRAME = /^\s*([^@\s]*)@(.+)$/;
const LOCATION = /^(.*?)(?::(\d+))?(?::(\d+))?$/;
const STACK_SCAN_MAX = 64 * 1024;

function normalizeFile(file: string): string {
  return file
    .replace(/^file:\/\//, '')
    .replace(/[?#].*$/, '')
    .replace(/\\/g, '/');
}

function parseLocation(fn: string, location: string): StackFrame {
  const m = LOCATION.exec(location.trim());
  const frame: StackFrame = { fn: fn.trim(), file: normalizeFile(m?.[1] ?? location) };
  if (m?.[2] !== undefined) frame.line = Number(m[2]);
  if (m?.[3] !== undefined) frame.column = Number(m[3]);
  return frame;
}

function parseStackFrames(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const v8 = V8_FRAME.exec(line);
    if (v8) {
      const rest = (v8[1] ?? '').replace(/^async\s+/, '');
      const call = /^(.*?) \((.*)\)$/.exec(rest);
      frames.push(call ? parseLocation(call[1] ?? '', call[2] ?? '') : parseLocation('', rest));
      continue;
    }
    const gecko = GECKO_FRAME.exec(line);
    if (gecko) frames.push(parseLocation(gecko[1] ?? '', gecko[2] ?? ''));
  }
  return frames;
}

function stackHead(stack: string): string {
  if (stack.length < STACK_SCAN_MAX - 1) return stack;
  const cut = sliceCodeUnits(stack, STACK_SCAN_MAX);
  return cut.slice(0, cut.lastIndexOf('\n') + 1);
}

function isErrorLike(v: unknown): v is Record<string, unknown> {
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  return (
    v instanceof Error || (o !== undefined && (typeof o.message === 'string' || typeof o.stack === 'string'))
  );
}

function summarize(v: unknown): { name: string; message: string } {
  try {
    let name: string;
    let message: string;
    if (isErrorLike(v)) {
      const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
      name =
        typeof v.name === 'string' && v.name !== ''
          ? v.name
          : typeof ctor === 'string' && ctor !== '' && ctor !== 'Object'
            ? ctor
            : 'Error';
      message =
        typeof v.message === 'string' ? v.message : v.message === undefined ? '' : renderValue(v.message);
    } else {
      name = v === null ? 'Thrown null' : `Thrown ${typeof v}`;
      message = v === undefined || v === null ? '' : renderValue(v);
    }
    return { name, message };
  } catch {
    return { name: 'Error', message: '[unreadable error]' };
  }
}

/** `fingerprintOfError` at 4a66ccc. */
export function fingerprintOfErrorBefore(error: unknown): string {
  const d = summarize(error);
  const stack = isErrorLike(error) && typeof error.stack === 'string' ? error.stack : undefined;
  const frame = stack ? parseStackFrames(stackHead(stack)).find(isInAppFrame) : undefined;
  const masked = d.message ? maskVolatile(sliceCodeUnits(d.message, 2_000)) : '';
  const parts = [
    'error',
    d.name,
    masked,
    frame ? `${frame.fn}@${frame.file.split('/').slice(-2).join('/')}` : '',
  ];
  return createHash('sha1')
    .update(toWellFormed(parts.join('\n')), 'utf8')
    .digest('hex')
    .slice(0, 16);
}
