import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

/** Slack's Web API base URL, used unless `--api-url` or `SLACK_API_URL` says otherwise. */
export const DEFAULT_API_URL = 'https://slack.com/api/';
/** Environment variable the token is read from unless `--token-env` names another. */
export const DEFAULT_TOKEN_ENV = 'SLACK_BOT_TOKEN';
/** Channel used unless `--channel` or `SLACK_CHANNEL` says otherwise. */
export const DEFAULT_CHANNEL = 'alerts';

/** Options every Slack-facing command takes. */
export const SLACK_OPTIONS = {
  'api-url': { type: 'string' },
  'token-env': { type: 'string' },
  channel: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Help lines of {@link SLACK_OPTIONS}. */
export const SLACK_OPTIONS_HELP = `  --api-url URL      Slack Web API base URL (e.g. the emulator's ${'`apiUrl`'})
                     default: $SLACK_API_URL, else ${DEFAULT_API_URL}
  --token-env NAME   environment variable holding the bot token    default: ${DEFAULT_TOKEN_ENV}
  --channel NAME     channel name, without #                       default: $SLACK_CHANNEL, else ${DEFAULT_CHANNEL}
  -h, --help         show this help`;

/** What the common options resolve to. The token itself is only read, never echoed. */
export interface SlackTarget {
  apiUrl: string;
  tokenEnv: string;
  /** `undefined` when the variable is unset or empty. */
  token: string | undefined;
  channel: string;
}

/** Resolves `--api-url`, `--token-env` and `--channel` against the environment. */
export function resolveSlackTarget(
  values: { 'api-url'?: string | undefined; 'token-env'?: string | undefined; channel?: string | undefined },
  io: CliIo,
): SlackTarget {
  const apiUrl = values['api-url'] ?? io.env['SLACK_API_URL'] ?? DEFAULT_API_URL;
  try {
    new URL(apiUrl);
  } catch {
    throw new UsageError(`--api-url must be a URL such as ${DEFAULT_API_URL}, got ${JSON.stringify(apiUrl)}`);
  }
  const tokenEnv = values['token-env'] ?? DEFAULT_TOKEN_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) {
    throw new UsageError(`--token-env must be an environment variable name, got ${JSON.stringify(tokenEnv)}`);
  }
  const raw = io.env[tokenEnv];
  const channel = (values.channel ?? io.env['SLACK_CHANNEL'] ?? DEFAULT_CHANNEL).replace(/^#/, '');
  return {
    // The SDK appends method names to the base URL, so it must end with a slash.
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    tokenEnv,
    token: raw === undefined || raw.trim() === '' ? undefined : raw.trim(),
    channel,
  };
}
