import { sliceCodeUnits } from './well-formed.js';

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

/**
 * Parses a V8 (`    at fn (file:1:2)`) or SpiderMonkey/JavaScriptCore (`fn@file:1:2`) stack trace into
 * frames; other lines (the `Name: message` head) are skipped.
 */
export function parseStackFrames(stack: string): StackFrame[] {
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

/** How much of a stack is ever read: no message shows more, and scanning 1 MB line by line costs time. */
export const STACK_SCAN_MAX = 64 * 1024;

/**
 * The first `STACK_SCAN_MAX` code units of a stack, without a last line cut in the middle (a cut line
 * like `    at ha` would parse as a bogus frame). Stored snapshots, cut to the same size, give the same head.
 */
export function stackHead(stack: string): string {
  if (stack.length < STACK_SCAN_MAX - 1) return stack;
  const cut = sliceCodeUnits(stack, STACK_SCAN_MAX);
  return cut.slice(0, cut.lastIndexOf('\n') + 1);
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

/** The first in-app frame of `stack`, if any. */
export function topInAppFrame(stack: string | undefined): StackFrame | undefined {
  if (!stack) return undefined;
  return parseStackFrames(stackHead(stack)).find(isInAppFrame);
}
