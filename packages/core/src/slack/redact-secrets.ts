/**
 * Anything shaped like a Slack token: `xoxb-…`, `xoxp-…`, `xoxe-…`, `xoxe.xoxb-…`, `xapp-…` and the other
 * `xox?-` kinds. Used as a last line of defence on every string that leaves the Slack layer (SDK log lines,
 * error details): the token is never put there on purpose, this catches what a dependency might echo.
 */
const TOKEN_PATTERN = /(?:xoxe\.)?(?:xox[a-z]|xapp)-[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/g;

/** The text that replaces a token-like string. */
export const REDACTED = '[redacted-token]';

/** Replaces every token-like substring of `text` with {@link REDACTED}. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, REDACTED);
}
