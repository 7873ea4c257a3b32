import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BACKEND_NOTIFIER_OPTIONS } from './backend-notifier.constants.js';
import type {
  BackendNotifierModuleExtras,
  BackendNotifierModuleOptions,
} from './backend-notifier-module-options.js';
import { SlackExceptionFilter } from './slack-exception.filter.js';
import { SlackInteractionsController } from './slack-interactions.controller.js';

const extras: Required<BackendNotifierModuleExtras> = {
  isGlobal: false,
  reportExceptions: true,
  interactionsController: false,
};

/** The builder output behind `BackendNotifierModule.forRoot` / `forRootAsync`. */
export const {
  ConfigurableModuleClass: BackendNotifierConfigurableModule,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<BackendNotifierModuleOptions>({
  moduleName: 'BackendNotifier',
  optionsInjectionToken: BACKEND_NOTIFIER_OPTIONS,
})
  .setClassMethodName('forRoot')
  // Extras, not options: they decide which providers exist, so they must be known before any factory runs.
  .setExtras(extras, (definition, { isGlobal, reportExceptions, interactionsController }) => {
    const filter: Provider[] =
      (reportExceptions ?? true) ? [{ provide: APP_FILTER, useClass: SlackExceptionFilter }] : [];
    return {
      ...definition,
      global: isGlobal ?? false,
      controllers: [
        ...(definition.controllers ?? []),
        ...(interactionsController ? [SlackInteractionsController] : []),
      ],
      providers: [...(definition.providers ?? []), ...filter],
    };
  })
  .build();

/** What `BackendNotifierModule.forRoot` takes: the module options plus the extras. */
export type BackendNotifierForRootOptions = typeof OPTIONS_TYPE;

/** What `BackendNotifierModule.forRootAsync` takes (`useFactory` + `inject`, `useClass`, `useExisting`). */
export type BackendNotifierForRootAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
