import { NOTIFIER_LOG_SOURCE } from '../notifier/log-source.js';
import type { Logger, Notifier } from '../types.js';
import {
  type HttpFailure,
  type HttpFailureOptions,
  httpFailureNotification,
} from './http-failure-notification.js';

/** Options of {@link createHttpFailureReporter}: what to report, and where reporting's own failures go. */
export interface HttpFailureReporterOptions extends HttpFailureOptions {
  /** Names the adapter in the log line of a failure (`slackErrorReporter: could not report an error`). */
  name: string;
  /**
   * Where a failure inside reporting itself is logged (never rethrown). Calls carry
   * `{ source: 'backend-notifier' }`, so a log transport of this project on the same logger ignores them.
   * @default console
   */
  logger?: Pick<Logger, 'error'> | undefined;
}

/**
 * Reports one failed request. `describe` reads the framework's request (and runs the adapter's
 * `shouldReport`): it returns the failure, a promise of it (a body still to be taken from a cache), or
 * undefined for "do not report". Never throws, never rejects, never waits: whatever goes wrong is one log line.
 */
export type HttpFailureReport = (describe: () => HttpFailure | PromiseLike<HttpFailure> | undefined) => void;

const consoleLogger: Pick<Logger, 'error'> = {
  error: (message, meta) => console.error(message, meta),
};

function isPromiseLike(value: unknown): value is PromiseLike<HttpFailure> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/**
 * The reporting step every HTTP adapter shares: build core's {@link httpFailureNotification} and `notify()`
 * it, best effort. The app's own error handling must run whatever happens here, so a failure (a throwing
 * `shouldReport`, a hostile request) is logged with the source marker and swallowed; a broken logger too.
 */
export function createHttpFailureReporter(
  notifier: Pick<Notifier, 'notify'>,
  options: HttpFailureReporterOptions,
): HttpFailureReport {
  const logger = options.logger ?? consoleLogger;
  const build: HttpFailureOptions = {
    includeBody: options.includeBody ?? false,
    includeQuery: options.includeQuery ?? false,
    includeHeaders: options.includeHeaders ?? false,
    redactKeys: options.redactKeys ?? [],
    channel: options.channel,
  };
  const failed = (failure: unknown) => {
    try {
      logger.error(`${options.name}: could not report an error`, {
        source: NOTIFIER_LOG_SOURCE,
        failure: failure instanceof Error ? failure.message : String(failure),
      });
    } catch {
      // A broken logger must not break the request either.
    }
  };
  const send = (failure: HttpFailure) => {
    notifier.notify(httpFailureNotification(failure, build));
  };
  return (describe) => {
    try {
      const failure = describe();
      if (failure === undefined) return;
      if (isPromiseLike(failure)) Promise.resolve(failure).then(send).catch(failed);
      else send(failure);
    } catch (failure) {
      failed(failure);
    }
  };
}
