/** What a token looks like, judged by its prefix alone (never more of it is shown). */
export interface TokenDescription {
  kind: 'bot' | 'user' | 'app' | 'other' | 'malformed';
  /** Names at most the prefix, e.g. "a user token (xoxp-)". */
  description: string;
}

// Rotating forms first: `xoxe.xoxb-` must not be read as the bare `xoxe.` prefix.
const PREFIXES: ReadonlyArray<readonly [string, TokenDescription['kind'], string]> = [
  ['xoxb-', 'bot', 'a bot token (xoxb-)'],
  ['xoxe.xoxb-', 'bot', 'a rotating bot token (xoxe.xoxb-)'],
  ['xoxp-', 'user', 'a user token (xoxp-)'],
  ['xoxe.xoxp-', 'user', 'a rotating user token (xoxe.xoxp-)'],
  ['xapp-', 'app', 'an app-level token (xapp-)'],
  ['xoxa-', 'other', 'a legacy workspace app token (xoxa-)'],
  ['xoxr-', 'other', 'a refresh token (xoxr-)'],
  ['xoxe-', 'other', 'a refresh token (xoxe-)'],
  ['xoxs-', 'other', 'a session token (xoxs-)'],
  ['xoxc-', 'other', 'a browser session token (xoxc-)'],
  ['xoxd-', 'other', 'a browser cookie (xoxd-)'],
];

/** Tells which kind of Slack token `token` is from its prefix. */
export function describeToken(token: string): TokenDescription {
  const t = token.trim();
  if (/^bearer\s/i.test(t)) {
    return { kind: 'malformed', description: 'a value starting with "Bearer " (give the bare token)' };
  }
  if (/\s/.test(t)) return { kind: 'malformed', description: 'a value with whitespace inside it' };
  for (const [prefix, kind, description] of PREFIXES) {
    if (t.startsWith(prefix) && t.length > prefix.length) return { kind, description };
  }
  return { kind: 'malformed', description: 'a value that does not look like a Slack token' };
}
