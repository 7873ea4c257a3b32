/**
 * Adds Slack's warning fields to a response body: `warning: "a,b"`,
 * `response_metadata.warnings` and `response_metadata.messages`.
 */
export function withWarnings<T extends Record<string, unknown>>(
  body: T,
  warnings: string[],
  messages: string[] = [],
): T {
  if (warnings.length === 0 && messages.length === 0) return body;
  const out: Record<string, unknown> = { ...body };
  const meta = { ...((out['response_metadata'] as Record<string, unknown> | undefined) ?? {}) };
  if (warnings.length > 0) {
    const all = [...((meta['warnings'] as string[] | undefined) ?? []), ...warnings];
    out['warning'] = all.join(',');
    meta['warnings'] = all;
  }
  if (messages.length > 0)
    meta['messages'] = [...((meta['messages'] as string[] | undefined) ?? []), ...messages];
  out['response_metadata'] = meta;
  return out as T;
}
