import { NotifierError } from '../errors.js';

/** What a token string looks like, judged by its prefix only. */
export type TokenKind =
  | 'bot'
  | 'user'
  | 'app'
  | 'workspace_app'
  | 'refresh'
  | 'config'
  | 'session'
  | 'legacy'
  | 'empty'
  | 'malformed'
  | 'unknown';

// Ordered: the rotating forms (`xoxe.xoxb-`) must match before the bare `xoxe.` / `xoxe-` ones.
const PREFIXES: ReadonlyArray<readonly [string, TokenKind, string]> = [
  ['xoxb-', 'bot', 'a bot token (xoxb-)'],
  ['xoxe.xoxb-', 'bot', 'a rotating bot token (xoxe.xoxb-)'],
  ['xoxp-', 'user', 'a user token (xoxp-)'],
  ['xoxe.xoxp-', 'user', 'a rotating user or app configuration token (xoxe.xoxp-)'],
  ['xapp-', 'app', 'an app-level token (xapp-)'],
  ['xoxa-', 'workspace_app', 'a legacy workspace app token (xoxa-)'],
  ['xoxr-', 'refresh', 'a legacy refresh token (xoxr-)'],
  ['xoxe-', 'refresh', 'a refresh or configuration refresh token (xoxe-)'],
  ['xoxe.', 'config', 'a configuration or rotating token of an unknown kind (xoxe.)'],
  ['xoxs-', 'session', 'a session token (xoxs-)'],
  ['xoxc-', 'session', 'a browser session token (xoxc-)'],
  ['xoxd-', 'session', 'a browser cookie (xoxd-)'],
  ['xoxo-', 'legacy', 'a legacy token (xoxo-)'],
];

/** Kind and a description naming only the prefix (never more of the token). */
export interface TokenKindInfo {
  kind: TokenKind;
  description: string;
}

/** Tells what kind of Slack token `token` is, from its prefix. Surrounding whitespace is ignored. */
export function tokenKind(token: string): TokenKindInfo {
  const t = token.trim();
  if (t === '') return { kind: 'empty', description: 'an empty token' };
  if (/^bearer\s/i.test(t))
    return { kind: 'malformed', description: 'a token with a "Bearer " prefix (pass the bare token)' };
  if (/\s/.test(t)) return { kind: 'malformed', description: 'a token with whitespace inside it' };
  for (const [prefix, kind, description] of PREFIXES) {
    if (t.startsWith(prefix)) {
      if (t.length === prefix.length)
        return { kind: 'malformed', description: `a bare ${prefix} prefix with nothing after it` };
      return { kind, description };
    }
  }
  return { kind: 'unknown', description: 'a string that does not look like a Slack token' };
}

/**
 * Checks that `token` is a bot token (`xoxb-`, or `xoxe.xoxb-` when token rotation is on) and returns it
 * trimmed. Otherwise throws `NotifierError('invalid_token')` saying which kind it got and that a bot token
 * is needed; the message names at most the kind's prefix, never the token.
 */
export function assertBotToken(token: unknown): string {
  if (typeof token !== 'string') {
    throw new NotifierError(
      'invalid_token',
      `The Slack token must be a string, got ${token === null ? 'null' : typeof token}. backend-notifier needs a bot token (xoxb-…), found under "OAuth & Permissions" → "Bot User OAuth Token" of your Slack app.`,
      { details: { kind: 'not_a_string' } },
    );
  }
  const { kind, description } = tokenKind(token);
  if (kind === 'bot') return token.trim();
  throw new NotifierError(
    'invalid_token',
    `The Slack token is ${description}; backend-notifier needs a bot token (xoxb-…), found under "OAuth & Permissions" → "Bot User OAuth Token" of your Slack app.`,
    { details: { kind } },
  );
}
