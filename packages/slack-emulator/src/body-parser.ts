import type { IncomingMessage } from 'node:http';

/** Arguments of a Web API call, merged from the query string and the body. */
export type Args = Record<string, unknown>;

/** Result of parsing a request body. */
export type ParsedBody =
  | { ok: true; args: Args; json: boolean; warnings: string[] }
  | { ok: false; error: 'invalid_json' | 'json_not_object' | 'invalid_form_data' };

const MAX_BODY = 10 * 1024 * 1024;

/** Reads the whole body as a string (up to 10 MB). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function fromSearchParams(params: URLSearchParams, into: Args): void {
  for (const [key, value] of params) into[key] = value;
}

/**
 * Parses Slack-style arguments: query string, then a form-encoded or JSON body.
 * Like Slack, JSON without `charset=utf-8` gets the `missing_charset` warning and a form body
 * with a charset gets `superfluous_charset`.
 */
export function parseArgs(url: URL, contentType: string | undefined, raw: string): ParsedBody {
  const args: Args = {};
  fromSearchParams(url.searchParams, args);
  const type = (contentType ?? '').toLowerCase();
  const hasCharset = /charset=/.test(type);
  const warnings: string[] = [];
  if (type.startsWith('application/json')) {
    if (!hasCharset) warnings.push('missing_charset');
    if (raw.trim() === '') return { ok: true, args, json: true, warnings };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { ok: false, error: 'json_not_object' };
    }
    Object.assign(args, parsed);
    return { ok: true, args, json: true, warnings };
  }
  if (type.startsWith('multipart/form-data')) return { ok: false, error: 'invalid_form_data' };
  if (hasCharset && type.startsWith('application/x-www-form-urlencoded'))
    warnings.push('superfluous_charset');
  if (raw !== '') fromSearchParams(new URLSearchParams(raw), args);
  return { ok: true, args, json: false, warnings };
}

/** A string argument ('' and non-strings other than numbers count as absent). */
export function argString(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** A boolean argument: `true`, `1`, `"true"`, `"1"`. */
export function argBool(args: Args, key: string, fallback = false): boolean {
  const v = args[key];
  if (v === undefined || v === null || v === '') return fallback;
  return v === true || v === 1 || v === 'true' || v === '1';
}

/** An integer argument; `null` when present but not an integer. */
export function argInt(args: Args, key: string): number | undefined | null {
  const v = args[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) ? n : null;
}

/** A JSON argument: objects/arrays from JSON bodies as is, strings parsed; `invalid` when unparsable. */
export function argJson(
  args: Args,
  key: string,
): { present: false } | { present: true; value: unknown; invalid: boolean } {
  const v = args[key];
  if (v === undefined || v === null || v === '') return { present: false };
  if (typeof v !== 'string') return { present: true, value: v, invalid: false };
  try {
    return { present: true, value: JSON.parse(v), invalid: false };
  } catch {
    return { present: true, value: v, invalid: true };
  }
}
