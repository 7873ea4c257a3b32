import type { Notifier } from '@backend-notifier/core';
import { type ArgumentsHost, Catch, Inject, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { BACKEND_NOTIFIER, BACKEND_NOTIFIER_OPTIONS } from './backend-notifier.constants.js';
import type { BackendNotifierModuleOptions } from './backend-notifier-module-options.js';
import { exceptionNotification, exceptionStatus } from './exception-notification.js';

/**
 * A global exception filter that reports exceptions through the notifier (5xx by default; an
 * `HttpException` below 500 is the app answering normally and is skipped), then hands the exception to
 * Nest's `BaseExceptionFilter`, so the HTTP response is exactly what Nest would send without it.
 * Reporting is one synchronous `notify()` call: the response never waits for Slack, and a failure
 * while reporting is logged, never thrown. More specific filters (controller, method, or global filters
 * for given exception types) still run instead of this one for their exceptions.
 *
 * `BackendNotifierModule` registers it as `APP_FILTER` unless `reportExceptions: false`.
 */
const logger = new Logger('SlackExceptionFilter');

@Catch()
export class SlackExceptionFilter extends BaseExceptionFilter {
  readonly #notifier: Notifier;
  readonly #options: BackendNotifierModuleOptions;

  constructor(
    @Inject(BACKEND_NOTIFIER) notifier: Notifier,
    @Inject(BACKEND_NOTIFIER_OPTIONS) options: BackendNotifierModuleOptions,
  ) {
    // No adapter here: BaseExceptionFilter resolves it lazily through its injected HttpAdapterHost,
    // because the HTTP adapter does not exist yet when a testing module instantiates providers.
    super();
    this.#notifier = notifier;
    this.#options = options;
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    this.#report(exception, host);
    // BaseExceptionFilter answers HTTP only; elsewhere (rpc, ws) let the context's own handling run.
    if (host.getType() !== 'http') throw exception;
    super.catch(exception, host);
  }

  #report(exception: unknown, host: ArgumentsHost): void {
    try {
      const shouldReport = this.#options.shouldReport ?? ((e: unknown) => exceptionStatus(e) >= 500);
      if (!shouldReport(exception, host)) return;
      this.#notifier.notify(exceptionNotification(exception, host, this.#options.channel));
    } catch (failure) {
      logger.error(
        `could not report an exception: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    }
  }
}
