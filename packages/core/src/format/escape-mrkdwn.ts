import { cleanText } from './well-formed.js';

/**
 * Escapes Slack's three control characters (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`) so that data can
 * never form a mention (`<!channel>`, `<@U…>`) or a link (`<https://x|y>`), replaces lone surrogates so
 * the text is valid UTF-8, and drops invisible control characters. Use it on every interpolated string of mrkdwn text.
 */
export function escapeMrkdwn(s: string): string {
  return cleanText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Length of the text `escaped` came from (each entity counts as one character). */
export function unescapedLength(escaped: string): number {
  let n = escaped.length;
  for (const m of escaped.matchAll(/&(amp|lt|gt);/g)) n -= m[0].length - 1;
  return n;
}
