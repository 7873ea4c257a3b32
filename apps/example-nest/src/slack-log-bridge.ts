import type { Notifier } from '@backend-notifier/core';
import { InjectNotifier } from '@backend-notifier/nest-module';
import { SlackTransport } from '@backend-notifier/winston-transport';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import winston from 'winston';
import { WINSTON_LOGGER } from './app-config.js';

/**
 * Nest logs unhandled exceptions itself (context `ExceptionsHandler`); the Slack exception filter already
 * reported them, so the Slack transport skips those lines instead of posting every error twice.
 */
const skipNestExceptionLines = winston.format((info) =>
  info['context'] === 'ExceptionsHandler' ? false : info,
);

/** Adds the Slack transport to the app's Winston logger once the notifier exists. */
@Injectable()
export class SlackLogBridge implements OnModuleInit {
  readonly #logger: winston.Logger;
  readonly #notifier: Notifier;

  constructor(@Inject(WINSTON_LOGGER) logger: winston.Logger, @InjectNotifier() notifier: Notifier) {
    this.#logger = logger;
    this.#notifier = notifier;
  }

  onModuleInit(): void {
    this.#logger.add(new SlackTransport({ notifier: this.#notifier, format: skipNestExceptionLines() }));
  }
}
