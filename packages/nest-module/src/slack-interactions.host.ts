import {
  createSlackInteractions,
  type InteractionActions,
  type Notifier,
  NotifierError,
  type SlackInteractions,
  type SocketModeReceiver,
  startSocketModeReceiver,
} from '@backend-notifier/core';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BACKEND_NOTIFIER, BACKEND_NOTIFIER_OPTIONS } from './backend-notifier.constants.js';
import type { BackendNotifierModuleOptions } from './backend-notifier-module-options.js';

function asActions(value: unknown): InteractionActions | undefined {
  const v = value as Partial<InteractionActions> | undefined;
  return ['acknowledge', 'mute', 'unmute', 'resolve'].every((m) => typeof v?.[m as 'mute'] === 'function')
    ? (v as InteractionActions)
    : undefined;
}

/**
 * Holds the module's receiver of Slack's buttons when the `interactions` option is given: builds it with
 * core, starts Socket Mode on init when an `appToken` is given, and closes both on application shutdown
 * (within `shutdownTimeoutMs`). Without the option it holds nothing and the controller answers 404.
 */
@Injectable()
export class SlackInteractionsHost implements OnModuleInit, OnApplicationShutdown {
  readonly interactions: SlackInteractions | undefined;
  readonly #options: BackendNotifierModuleOptions;
  #receiver: SocketModeReceiver | undefined;

  constructor(
    @Inject(BACKEND_NOTIFIER) notifier: Notifier,
    @Inject(BACKEND_NOTIFIER_OPTIONS) options: BackendNotifierModuleOptions,
  ) {
    this.#options = options;
    const config = options.interactions;
    if (!config) return;
    const { actions, appToken: _appToken, ...rest } = config;
    const resolved = actions ?? asActions(notifier);
    if (!resolved) {
      throw new NotifierError(
        'invalid_options',
        'interactions.actions is required (acknowledge, mute, unmute, resolve)',
      );
    }
    this.interactions = createSlackInteractions({ ...rest, actions: resolved });
  }

  async onModuleInit(): Promise<void> {
    const appToken = this.#options.interactions?.appToken;
    if (!this.interactions || appToken === undefined) return;
    const { slackApiUrl, logger } = this.#options.interactions ?? {};
    this.#receiver = await startSocketModeReceiver(this.interactions, {
      appToken,
      ...(slackApiUrl === undefined ? {} : { slackApiUrl }),
      ...(logger === undefined ? {} : { logger }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const ms = this.#options.shutdownTimeoutMs ?? 5000;
    await Promise.all([this.#receiver?.close(ms), this.interactions?.close(ms)]);
  }
}
