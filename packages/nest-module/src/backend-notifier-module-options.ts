import type { createNotifier, Notifier } from '@backend-notifier/core';
import type { ArgumentsHost } from '@nestjs/common';
import type { NestInteractionsOptions } from './slack-interactions-options.js';

/** The options `createNotifier` takes. */
export type NotifierOptions = Parameters<typeof createNotifier>[0];

/** Options of `BackendNotifierModule.forRoot` (or what the `forRootAsync` factory returns). */
export interface BackendNotifierModuleOptions {
  /**
   * A notifier to provide, or the options to create one with `createNotifier`. Either way the module
   * owns its lifecycle: `start()` on module init and `close()` on application shutdown.
   */
  notifier: Notifier | NotifierOptions;
  /**
   * Decides whether the exception filter reports an exception.
   * @default reports non-`HttpException` errors and `HttpException`s with a status of 500 or more
   */
  shouldReport?: (exception: unknown, host: ArgumentsHost) => boolean;
  /** A named route of the notifier for exception reports. @default the notifier's default channel */
  channel?: string;
  /**
   * Await `notifier.start()` on module init. Configuration errors (`invalid_token`, `missing_scopes`,
   * `invalid_options`, `auth_failed`) fail the boot; `unreachable` and `channel_setup_failed` are
   * logged as warnings and the app boots anyway (the notifier keeps the messages and retries).
   * @default true
   */
  startOnInit?: boolean;
  /** How long application shutdown waits for pending messages (`notifier.close(ms)`). @default 5000 */
  shutdownTimeoutMs?: number;
  /**
   * Receive Slack's buttons: by Socket Mode when `appToken` is given, and/or over HTTP with the
   * `interactionsController` extra. @default none
   */
  interactions?: NestInteractionsOptions;
}

/** Options of the module definition itself (not injectable), for `forRoot` and `forRootAsync` alike. */
export interface BackendNotifierModuleExtras {
  /** Register the module globally, so `BACKEND_NOTIFIER` is injectable everywhere. @default false */
  isGlobal?: boolean;
  /** Register `SlackExceptionFilter` as a global filter (`APP_FILTER`). @default true */
  reportExceptions?: boolean;
  /** Register `SlackInteractionsController` (`POST /slack/interactions`). @default false */
  interactionsController?: boolean;
}
