/**
 * Request headers as the frameworks hand them over: Node's `IncomingHttpHeaders` or `headersDistinct`
 * (any casing, a list for a repeated header), or pairs such as a fetch `Headers` object.
 */
export type RequestHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | Iterable<readonly [string, string]>;

/** What one header looked like: absent, given once, or given more than once. */
export type HeaderValue = { kind: 'missing' } | { kind: 'one'; value: string } | { kind: 'many' };

function isPairs(headers: RequestHeaders): headers is Iterable<readonly [string, string]> {
  return typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/**
 * Reads header `name` case-insensitively. A header that appears twice (a list with more than one value,
 * or two keys differing only in case) is `many`: a signature header must be unambiguous.
 */
export function readHeader(headers: RequestHeaders, name: string): HeaderValue {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  const entries: Iterable<readonly [string, unknown]> = isPairs(headers) ? headers : Object.entries(headers);
  for (const [key, value] of entries) {
    if (typeof key !== 'string' || key.toLowerCase() !== wanted) continue;
    if (value === undefined) continue;
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) for (const v of value) values.push(String(v));
    else return { kind: 'many' };
  }
  if (values.length === 0) return { kind: 'missing' };
  if (values.length > 1) return { kind: 'many' };
  return { kind: 'one', value: values[0] as string };
}
