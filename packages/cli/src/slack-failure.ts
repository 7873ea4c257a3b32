/** A failed Slack call reduced to what may be shown: a code and a short reason, never the token. */
export interface SlackFailure {
  /** Slack's error code (`invalid_auth`…), `ratelimited`, `http_<status>` or `unreachable`. */
  code: string;
  /** Scopes Slack said it needed, for `missing_scope`. */
  needed?: string;
}

/** Reads a `@slack/web-api` error without ever echoing its message (which might quote request data). */
export function slackFailure(error: unknown): SlackFailure {
  const e = error as { code?: string; data?: { error?: string; needed?: string }; statusCode?: number };
  if (e?.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string') {
    return { code: e.data.error, ...(typeof e.data.needed === 'string' ? { needed: e.data.needed } : {}) };
  }
  if (e?.code === 'slack_webapi_rate_limited_error') return { code: 'ratelimited' };
  if (e?.code === 'slack_webapi_http_error' && typeof e.statusCode === 'number') {
    return { code: `http_${e.statusCode}` };
  }
  return { code: 'unreachable' };
}

const AUTH_FIXES: Readonly<Record<string, string>> = {
  invalid_auth:
    'Slack does not know this token: copy the current "Bot User OAuth Token" from your app\'s OAuth & Permissions page (and check --api-url points at the right place)',
  not_authed: 'no token reached Slack: set the environment variable to the bot token',
  token_revoked:
    'the token was revoked: reinstall the app (OAuth & Permissions → Reinstall to Workspace) and use the new bot token',
  token_expired:
    'the token expired (token rotation is on): use a fresh token, or turn token rotation off in the app settings',
  account_inactive:
    'the bot user or the workspace is deactivated: reinstall the app, or ask a workspace admin to reactivate it',
};

/** The exact fix for a failed `auth.test`. */
export function authFix(failure: SlackFailure, apiUrl: string): string {
  const known = AUTH_FIXES[failure.code];
  if (known) return known;
  if (failure.code === 'unreachable')
    return `cannot reach ${apiUrl}: check --api-url and the network, then retry`;
  if (failure.code === 'ratelimited') return 'Slack is rate limiting this token: wait a minute and retry';
  return `Slack answered ${failure.code}: retry later; if it persists, check https://slack-status.com`;
}
