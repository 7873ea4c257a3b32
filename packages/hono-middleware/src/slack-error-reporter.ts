import {
  createHttpFailureReporter,
  type HttpFailureOptions,
  type Logger,
  type Notifier,
  shouldReportHttpStatus,
} from '@backend-notifier/core';
import type { Context, MiddlewareHandler } from 'hono';
import { readBodyIfParsed, requestFailure, requestStatus } from './request-failure.js';

/** Options for {@link slackErrorReporter}. */
export interface SlackErrorReporterOptions extends HttpFailureOptions {
  /**
   * Decides whether an error is reported. Runs before anything is built, so it is the cheap place to
   * filter. A throw here counts as "do not report" and is logged.
   * @default reports when the status (core's `httpStatusOf(error, c.res.status)`) is 500 or above
   */
  shouldReport?: (error: unknown, c: Context) => boolean;
  /**
   * Where a failure inside reporting itself is logged (never rethrown). Calls carry
   * `{ source: 'backend-notifier' }`, so a Winston or pino transport on the same logger ignores them.
   * @default console
   */
  logger?: Pick<Logger, 'error'>;
}

/**
 * Hono middleware (register it first: `app.use(slackErrorReporter(notifier))`) that reports failed
 * requests through the notifier. It looks at `c.error` after `await next()`, once the app's error handler
 * (`app.onError`, or Hono's own) has answered, so that handler stays in charge and the response is exactly
 * what it would be without the middleware; reporting is one synchronous `notify()` and never throws.
 *
 * @example
 * app.use(slackErrorReporter(notifier, { includeBody: true }));
 */
export function slackErrorReporter(
  notifier: Notifier,
  options: SlackErrorReporterOptions = {},
): MiddlewareHandler {
  const shouldReport =
    options.shouldReport ?? ((error: unknown, c: Context) => shouldReportHttpStatus(requestStatus(error, c)));
  const report = createHttpFailureReporter(notifier, { ...options, name: 'slackErrorReporter' });
  const describe = (error: unknown, c: Context) => {
    if (!shouldReport(error, c)) return undefined;
    const failure = requestFailure(error, c);
    // A body the handler read is cached by Hono as a settled promise: the report takes it without the
    // response waiting on it.
    const body = options.includeBody ? readBodyIfParsed(c) : undefined;
    return body
      ? body.then(
          (parsed) => ({ ...failure, body: parsed }),
          () => failure,
        )
      : failure;
  };
  return async function slackErrorReporterMiddleware(c, next) {
    try {
      await next();
    } catch (thrown) {
      // Hono hands only Error instances to its error handler; anything else comes through here, rethrown.
      report(() => describe(thrown, c));
      throw thrown;
    }
    const { error } = c;
    if (error !== undefined) report(() => describe(error, c));
  };
}
