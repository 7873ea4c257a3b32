import { createNotifier, isNotifierError, type Notifier } from '@backend-notifier/core';
import { Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BACKEND_NOTIFIER, BACKEND_NOTIFIER_OPTIONS } from './backend-notifier.constants.js';
import { BackendNotifierConfigurableModule } from './backend-notifier.module-definition.js';
import type { BackendNotifierModuleOptions } from './backend-notifier-module-options.js';
import { SlackHealthIndicator } from './slack.health.js';
import { SlackInteractionsHost } from './slack-interactions.host.js';

const logger = new Logger('BackendNotifierModule');

function isNotifier(value: unknown): value is Notifier {
  return typeof (value as Partial<Notifier> | undefined)?.notify === 'function';
}

/**
 * Provides a `Notifier` under {@link BACKEND_NOTIFIER} (inject it with `@InjectNotifier()`), the
 * {@link SlackHealthIndicator}, and by default a global {@link SlackExceptionFilter}. Starts the
 * notifier on module init and closes it (flushing pending messages) on application shutdown; call
 * `app.enableShutdownHooks()` so that also happens on SIGTERM.
 *
 * @example
 * ```ts
 * BackendNotifierModule.forRootAsync({
 *   isGlobal: true,
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({
 *     notifier: { token: config.getOrThrow('SLACK_BOT_TOKEN'), channel: 'alerts' },
 *   }),
 * })
 * ```
 */
@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: BACKEND_NOTIFIER,
      inject: [BACKEND_NOTIFIER_OPTIONS],
      useFactory: (options: BackendNotifierModuleOptions): Notifier =>
        isNotifier(options.notifier) ? options.notifier : createNotifier(options.notifier),
    },
    SlackHealthIndicator,
    SlackInteractionsHost,
  ],
  exports: [BACKEND_NOTIFIER, SlackHealthIndicator, SlackInteractionsHost],
})
export class BackendNotifierModule
  extends BackendNotifierConfigurableModule
  implements OnModuleInit, OnApplicationShutdown
{
  readonly #notifier: Notifier;
  readonly #options: BackendNotifierModuleOptions;

  constructor(
    @Inject(BACKEND_NOTIFIER) notifier: Notifier,
    @Inject(BACKEND_NOTIFIER_OPTIONS) options: BackendNotifierModuleOptions,
  ) {
    super();
    this.#notifier = notifier;
    this.#options = options;
  }

  async onModuleInit(): Promise<void> {
    if (this.#options.startOnInit === false) return;
    try {
      await this.#notifier.start();
    } catch (error) {
      // Slack being unreachable, or a channel not set up yet, must not take the app down: the notifier
      // keeps the messages and retries. A bad token, missing scopes or bad options need a human: fail now.
      if (!isNotifierError(error, 'unreachable') && !isNotifierError(error, 'channel_setup_failed'))
        throw error;
      logger.warn(`Slack notifier not ready at start, messages are kept: ${error.message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const delivered = await this.#notifier.close(this.#options.shutdownTimeoutMs ?? 5000);
    if (!delivered) logger.warn('shutdown: some Slack messages were not delivered');
  }
}
