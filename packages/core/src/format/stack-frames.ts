import { readable } from './read-limit.js';

/** One parsed stack frame. */
export interface StackFrame {
  /** Function name as the engine printed it (`Object.<anonymous>`, `new Foo`, `async run`…); `''` if none. */
  fn: string;
  /** File path or URL without `file://`, query or hash; `''` if none. */
  file: string;
  line?: number;
  column?: number;
}

const V8_FRAME = /^\s*at\s+(.*)$/;
const GECKO_FRAME = /^\s*([^@\s]*)@(.+)$/;
const LOCATION = /^(.*?)(?::(\d+))?(?::(\d+))?$/;

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

/** The frame on one line of a stack trace, or `undefined` for other lines (the `Name: message` head). */
function parseFrameLine(line: string): StackFrame | undefined {
  const v8 = V8_FRAME.exec(line);
  if (v8) {
    const rest = (v8[1] ?? '').replace(/^async\s+/, '');
    const call = /^(.*?) \((.*)\)$/.exec(rest);
    return call ? parseLocation(call[1] ?? '', call[2] ?? '') : parseLocation('', rest);
  }
  const gecko = GECKO_FRAME.exec(line);
  return gecko ? parseLocation(gecko[1] ?? '', gecko[2] ?? '') : undefined;
}

/**
 * Parses a V8 (`    at fn (file:1:2)`) or SpiderMonkey/JavaScriptCore (`fn@file:1:2`) stack trace into
 * frames; other lines (the `Name: message` head) are skipped.
 */
export function parseStackFrames(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const frame = parseFrameLine(line);
    if (frame) frames.push(frame);
  }
  return frames;
}

/**
 * True for a frame of the application: with a line number, not Node's internals, not a dependency, not
 * native or eval code.
 */
export function isInAppFrame(frame: StackFrame): boolean {
  const f = frame.file;
  return (
    f !== '' &&
    frame.line !== undefined &&
    !f.startsWith('node:') &&
    !f.startsWith('internal/') &&
    !f.includes('/node_modules/') &&
    f !== '<anonymous>' &&
    f !== 'native' &&
    !f.startsWith('eval at ')
  );
}

/**
 * The first in-app frame of `stack`, if any. A stack longer than `READ_MAX` is not read (none is found);
 * lines are parsed one at a time up to the first in-app frame, which is usually among the first few.
 */
export function topInAppFrame(stack: string | undefined): StackFrame | undefined {
  if (!stack || readable(stack) === undefined) return undefined;
  let start = 0;
  while (start <= stack.length) {
    let end = stack.indexOf('\n', start);
    if (end === -1) end = stack.length;
    const frame = parseFrameLine(stack.slice(start, end));
    if (frame !== undefined && isInAppFrame(frame)) return frame;
    start = end + 1;
  }
  return undefined;
}
