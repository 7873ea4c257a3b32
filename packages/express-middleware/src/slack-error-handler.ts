import type { Logger, Notifier } from '@backend-notifier/core';
import { NOTIFIER_LOG_SOURCE, shouldReportHttpStatus } from '@backend-notifier/core';
import { buildRequestNotification, statusOf } from './request-notification.js';
import type { ErrorHandlerLike, RequestLike, ResponseLike } from './types.js';

/** Options for {@link slackErrorHandler}. */
export interface SlackErrorHandlerOptions {
  /**
   * Decides whether an error is reported. Runs before anything is built, so it is the cheap place to
   * filter. A throw here counts as "do not report" and is logged.
   * @default reports when the status ({@link statusOf}) is 500 or above
   */
  shouldReport?: (err: unknown, req: RequestLike, res: ResponseLike) => boolean;
  /** Add the request body (redacted) to the report. Bodies often hold personal data. @default false */
  includeBody?: boolean;
  /** Add the query string parameters (redacted) to the report. @default false */
  includeQuery?: boolean;
  /** Add the request headers (redacted: authorization, cookies, API keys…) to the report. @default false */
  includeHeaders?: boolean;
  /**
   * More keys to redact, on top of the defaults (`password`, `passwd`, `secret`, `token`, `api_key`,
   * `authorization`, `cookie`, `session`, matched anywhere in a key). A string matches a whole key,
   * case-insensitively; a RegExp is tested against the key.
   * @default []
   */
  redactKeys?: ReadonlyArray<string | RegExp>;
  /** A named route of the notifier to post to. @default the notifier's default channel */
  channel?: string;
  /**
   * Where a failure inside reporting itself is logged (never rethrown). Calls carry
   * `{ source: 'backend-notifier' }`, so a Winston `SlackTransport` on the same logger ignores them.
   * @default console
   */
  logger?: Pick<Logger, 'error'>;
}

const consoleLogger: Pick<Logger, 'error'> = {
  error: (message, meta) => console.error(message, meta),
};

/**
 * Express error middleware (four parameters: register it after your routes) that reports failed
 * requests through the notifier, then passes the error on with `next(err)` straight away: the response
 * never waits for Slack, and the handler never throws. Works on Express 4 and 5.
 *
 * @example
 * app.use(slackErrorHandler(notifier, { includeBody: true }));
 */
export function slackErrorHandler(
  notifier: Notifier,
  options: SlackErrorHandlerOptions = {},
): ErrorHandlerLike {
  const shouldReport =
    options.shouldReport ?? ((err, _req, res) => shouldReportHttpStatus(statusOf(err, res)));
  const logger = options.logger ?? consoleLogger;
  const build = {
    includeBody: options.includeBody ?? false,
    includeQuery: options.includeQuery ?? false,
    includeHeaders: options.includeHeaders ?? false,
    redactKeys: options.redactKeys ?? [],
    channel: options.channel,
  };
  return function slackErrorMiddleware(err, req, res, next) {
    try {
      if (shouldReport(err, req, res)) notifier.notify(buildRequestNotification(err, req, res, build));
    } catch (failure) {
      // Reporting is best effort: the app's own error handling must run whatever happened here.
      try {
        logger.error('slackErrorHandler: could not report an error', {
          source: NOTIFIER_LOG_SOURCE,
          failure: failure instanceof Error ? failure.message : String(failure),
        });
      } catch {
        // A broken logger must not break the request either.
      }
    }
    next(err);
  };
}
