import 'reflect-metadata';
import { type Notifier, shouldReportHttpStatus } from '@backend-notifier/core';
import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { FILTER_CATCH_EXCEPTIONS } from '@nestjs/common/constants.js';
import { ApplicationConfig, BaseExceptionFilter } from '@nestjs/core';
import { BACKEND_NOTIFIER, BACKEND_NOTIFIER_OPTIONS } from './backend-notifier.constants.js';
import type { BackendNotifierModuleOptions } from './backend-notifier-module-options.js';
import { exceptionNotification, exceptionStatus } from './exception-notification.js';

const logger = new Logger('SlackExceptionFilter');

/** Whether a filter's `@Catch(...)` covers this exception (an empty `@Catch()` covers everything). */
function catches(filter: ExceptionFilter, exception: unknown): boolean {
  const types: unknown = Reflect.getMetadata(FILTER_CATCH_EXCEPTIONS, filter.constructor);
  if (!Array.isArray(types) || types.length === 0) return true;
  return types.some((type) => typeof type === 'function' && exception instanceof type);
}

/**
 * A global exception filter that reports exceptions through the notifier (5xx by default; an
 * `HttpException` below 500 is the app answering normally and is skipped), then lets the response be
 * exactly what it would have been without it: the app's other global filter for that exception if there
 * is one, else Nest's `BaseExceptionFilter`. Reporting is one synchronous `notify()` call: the response
 * never waits for Slack, and a failure while reporting is logged, never thrown. Filters bound to a
 * controller or method run instead of any global filter, as always in Nest.
 *
 * `BackendNotifierModule` registers it as `APP_FILTER` unless `reportExceptions: false`.
 */
@Catch()
export class SlackExceptionFilter extends BaseExceptionFilter {
  readonly #notifier: Notifier;
  readonly #options: BackendNotifierModuleOptions;
  readonly #config: ApplicationConfig;

  constructor(
    @Inject(BACKEND_NOTIFIER) notifier: Notifier,
    @Inject(BACKEND_NOTIFIER_OPTIONS) options: BackendNotifierModuleOptions,
    @Inject(ApplicationConfig) config: ApplicationConfig,
  ) {
    // No adapter here: BaseExceptionFilter resolves it lazily through its injected HttpAdapterHost,
    // because the HTTP adapter does not exist yet when a testing module instantiates providers.
    super();
    this.#notifier = notifier;
    this.#options = options;
    this.#config = config;
  }

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    this.#report(exception, host);
    // Nest hands an exception to one global filter only, the last registered that matches, and ours
    // catches everything: pass it on to the filter that would have answered without us.
    const other = this.#config
      .getGlobalFilters()
      .toReversed()
      .find(
        (filter) =>
          filter !== this && !(filter instanceof SlackExceptionFilter) && catches(filter, exception),
      );
    if (other) return other.catch(exception, host);
    // BaseExceptionFilter answers HTTP only; elsewhere (rpc, ws) let the context's own handling run.
    if (host.getType() !== 'http') throw exception;
    return super.catch(exception, host);
  }

  #report(exception: unknown, host: ArgumentsHost): void {
    try {
      const shouldReport =
        this.#options.shouldReport ?? ((e: unknown) => shouldReportHttpStatus(exceptionStatus(e)));
      if (!shouldReport(exception, host)) return;
      this.#notifier.notify(exceptionNotification(exception, host, this.#options.channel));
    } catch (failure) {
      logger.error(
        `could not report an exception: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    }
  }
}
