import { type Logger, LogLevel, WebClient } from '@slack/web-api';

/** Per-call timeout of the CLI's Slack calls, in ms. */
export const CLI_TIMEOUT_MS = 10_000;

// The SDK's own warnings (e.g. `already_in_channel`) are not the user's business on this screen.
const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/**
 * A `WebClient` for one-shot diagnostics: no retries (a doctor must report what happened, not hide it
 * behind minutes of back-off), rate limits surfaced as errors, and a finite timeout.
 */
export function createCliClient(token: string, apiUrl: string, timeoutMs = CLI_TIMEOUT_MS): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: silent,
  });
}
