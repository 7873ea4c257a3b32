export { BACKEND_NOTIFIER, BACKEND_NOTIFIER_OPTIONS } from './backend-notifier.constants.js';
export { BackendNotifierModule } from './backend-notifier.module.js';
export type {
  BackendNotifierForRootAsyncOptions,
  BackendNotifierForRootOptions,
} from './backend-notifier.module-definition.js';
export type {
  BackendNotifierModuleExtras,
  BackendNotifierModuleOptions,
  NotifierOptions,
} from './backend-notifier-module-options.js';
export { exceptionStatus } from './exception-notification.js';
export { InjectNotifier } from './inject-notifier.decorator.js';
export { SlackHealthIndicator } from './slack.health.js';
export { SlackExceptionFilter } from './slack-exception.filter.js';
export { SlackInteractionsController } from './slack-interactions.controller.js';
export { SlackInteractionsHost } from './slack-interactions.host.js';
export type { NestInteractionsOptions } from './slack-interactions-options.js';
