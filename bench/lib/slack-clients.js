// The alternatives, built as their users build them.
import { LogLevel, WebClient } from '@slack/web-api';

/** The seed's client: `@slack/web-api` with its DEFAULTS (10 retries over ~30 min, waits out 429s, no timeout). */
export function defaultWebClient(token, slackApiUrl) {
  return new WebClient(token, { slackApiUrl, logLevel: LogLevel.ERROR, logger: silentSlackLogger() });
}

function silentSlackLogger() {
  const noop = () => {};
  return {
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    setLevel: noop,
    getLevel: () => LogLevel.ERROR,
    setName: noop,
  };
}

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
