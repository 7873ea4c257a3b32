import { LogLevel, type Logger as SlackLogger, WebClient } from '@slack/web-api';
import { NotifierError } from '../errors.js';
import type { Logger } from '../types.js';
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
   * Aborting it aborts every request in flight (their sockets are destroyed) and fails every later one at
   * once, without touching the network: how `close()` keeps its deadline whatever Slack does.
   * @default never aborted
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

// Statuses whose Response may not carry a body (the Response constructor throws for them).
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for the SDK whose requests all end when `signal` aborts. `@slack/web-api` 8 calls the global
 * `fetch` with its own per-request timeout signal and has no agent or abort option of its own, so each
 * request gets a controller of ours that both the SDK's timeout and `signal` abort. The body is read here,
 * inside that controller, so a response that hangs half-way is cut too; the SDK gets a buffered copy
 * (Slack's answers are small JSON).
 */
export function abortableFetch(signal: AbortSignal): typeof fetch {
  const live = new Set<AbortController>();
  signal.addEventListener(
    'abort',
    () => {
      for (const controller of live) controller.abort(signal.reason);
    },
    { once: true },
  );
  return async (input, init = {}) => {
    if (signal.aborted) throw signal.reason;
    const controller = new AbortController();
    const timeout = init.signal;
    const relay = () => controller.abort(timeout?.reason);
    if (timeout?.aborted) relay();
    timeout?.addEventListener('abort', relay, { once: true });
    live.add(controller);
    try {
      const res = await fetch(input, { ...init, signal: controller.signal });
      const body = NULL_BODY_STATUSES.has(res.status) ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      live.delete(controller);
      timeout?.removeEventListener('abort', relay);
    }
  };
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
    ...(signal === undefined ? {} : { fetch: abortableFetch(signal) }),
  });
}
