const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces lone UTF-16 surrogates with U+FFFD, so the string encodes to valid UTF-8 (a lone surrogate
 * makes the SDK's form encoding throw and is not valid JSON for Slack).
 */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * `toWellFormed`, and drops control characters other than tab and line breaks: they never display, and
 * each one costs six characters (`\u0000`) in the JSON Slack receives.
 */
export function cleanText(s: string): string {
  return toWellFormed(s).replace(CONTROL, '');
}

/** True when `s` has no lone surrogate. */
export function isWellFormed(s: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  const found = LONE_SURROGATE.test(s);
  LONE_SURROGATE.lastIndex = 0;
  return !found;
}

/**
 * The longest prefix of `s` with at most `max` UTF-16 code units that does not end between the two
 * halves of a surrogate pair.
 */
export function sliceCodeUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = Math.max(0, max);
  const last = s.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end);
}
