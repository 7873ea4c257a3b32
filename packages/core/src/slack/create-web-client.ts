import { LogLevel, type Logger as SlackLogger, WebClient } from '@slack/web-api';
import { NotifierError } from '../errors.js';
import type { Logger } from '../types.js';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { redactSecrets } from './redact-secrets.js';

/** Options of {@link createWebClient}. */
export interface CreateWebClientOptions {
  /** Base URL of the Slack Web API (the emulator's `apiUrl` in tests). @default 'https://slack.com/api/' */
  slackApiUrl?: string;
  /**
   * Per-request timeout in ms. A request that times out is reported as ambiguous (Slack may have acted).
   * @default 10_000
   */
  timeoutMs?: number;
  /** Where the SDK's own log lines go, all at `debug`, token-like strings redacted. @default no logging */
  logger?: Logger;
  /** Concurrent HTTP requests the client allows. @default 10 */
  maxRequestConcurrency?: number;
  /**
   * Given: requests go through the notifier's own sockets (`createNodeHttpFetch`: unref'd while in flight,
   * so a request alone never keeps the process alive), and aborting it ends every request in flight,
   * destroys the sockets and fails every later request at once: how `close()` keeps its deadline whatever
   * Slack does. Not given: the global `fetch`.
   * @default undefined
   */
  signal?: AbortSignal;
}

/** Default request timeout of the Slack client, in ms. */
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;

/**
 * Routes the SDK's logging to our `Logger` at `debug`: the SDK warns about things we handle ourselves
 * (missing `text`, `already_in_channel`), so none of it deserves more than debug. The SDK already redacts
 * `token`/`Authorization` keys; token-like strings are redacted again here in case a line echoes one.
 */
function sdkLoggerAdapter(logger: Logger | undefined): SlackLogger {
  let level = LogLevel.DEBUG;
  const forward =
    (sdkLevel: string) =>
    (...msg: unknown[]) => {
      if (!logger) return;
      const text = msg.map((m) => (typeof m === 'string' ? m : safeStringify(m))).join(' ');
      logger.debug(`slack-web-api: ${redactSecrets(text)}`, { source: 'backend-notifier', sdkLevel });
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    setLevel(l: LogLevel) {
      level = l;
    },
    getLevel: () => level,
    setName() {},
  };
}

function safeStringify(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Builds the one `WebClient` of the notifier. It holds no token: the gateway passes the current token with
 * every call (`token` argument), so a rotated token takes effect without rebuilding the client. The queue is
 * the one owner of retries, hence `retryConfig: { retries: 0 }` and `rejectRateLimitedCalls: true`; the
 * finite timeout turns a hung request into an ambiguous failure instead of a stuck message; `signal` ends
 * every request at once (close).
 */
export function createWebClient(options: CreateWebClientOptions = {}): WebClient {
  const {
    slackApiUrl,
    timeoutMs = DEFAULT_SLACK_TIMEOUT_MS,
    logger,
    maxRequestConcurrency = 10,
    signal,
  } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new NotifierError(
      'invalid_options',
      `timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  }
  return new WebClient(undefined, {
    ...(slackApiUrl === undefined ? {} : { slackApiUrl }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    maxRequestConcurrency,
    logger: sdkLoggerAdapter(logger),
    ...(signal === undefined
      ? {}
      : { fetch: createNodeHttpFetch({ signal, maxSockets: maxRequestConcurrency }) }),
  });
}
