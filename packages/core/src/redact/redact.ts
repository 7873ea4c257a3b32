/** What replaces a secret value in anything an adapter reports (headers, bodies, log meta). */
export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are secrets wherever they appear (headers, body, query, nested objects). Matched
 * anywhere in the key, case-insensitively, so `x-auth-token`, `userPassword` and `session_id` are caught.
 */
export const DEFAULT_SENSITIVE_KEY = /password|passwd|secret|token|api[-_]?key|authorization|cookie|session/i;

/** Header names that carry credentials even when their name looks harmless. */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

/** Bounds so a huge or cyclic body cannot make reporting slow; core truncates the text anyway. */
const MAX_DEPTH = 6;
const MAX_KEYS = 50;
const MAX_ITEMS = 50;

/** Options for {@link redact}. */
export interface RedactOptions {
  /** Extra key patterns to redact, on top of {@link DEFAULT_SENSITIVE_KEY}. @default [] */
  keys?: ReadonlyArray<string | RegExp>;
}

/** Whether `key` names a secret under the default pattern or the extra `keys`. */
export function isSensitiveKey(key: string, keys: ReadonlyArray<string | RegExp> = []): boolean {
  if (SENSITIVE_HEADERS.has(key.toLowerCase()) || DEFAULT_SENSITIVE_KEY.test(key)) return true;
  return keys.some((k) => (typeof k === 'string' ? k.toLowerCase() === key.toLowerCase() : k.test(key)));
}

/**
 * A deep copy of `value` where every value under a sensitive key is {@link REDACTED}. Cycles, depth and
 * width are bounded, so reporting never hangs on a hostile payload. Never throws: a getter that throws
 * becomes `'[Unreadable]'`.
 */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, options.keys ?? [], 0, new WeakSet());
}

function walk(
  value: unknown,
  keys: ReadonlyArray<string | RegExp>,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  if (Array.isArray(value)) {
    const items: unknown[] = value.slice(0, MAX_ITEMS).map((item) => walk(item, keys, depth + 1, seen));
    if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more]`);
    return items;
  }
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  const entries = Object.keys(value);
  for (const key of entries.slice(0, MAX_KEYS)) {
    if (isSensitiveKey(key, keys)) {
      out[key] = REDACTED;
      continue;
    }
    try {
      out[key] = walk((value as Record<string, unknown>)[key], keys, depth + 1, seen);
    } catch {
      out[key] = '[Unreadable]';
    }
  }
  if (entries.length > MAX_KEYS) out['…'] = `${entries.length - MAX_KEYS} more keys`;
  return out;
}
