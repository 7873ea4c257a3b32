import type { InteractionActions, SlackInteractionsOptions } from '@backend-notifier/core';

/** The `interactions` option of the module: core's `SlackInteractionsOptions`, plus how clicks arrive. */
export type NestInteractionsOptions = Omit<SlackInteractionsOptions, 'actions'> & {
  /** What the buttons do. @default the notifier, once it implements `InteractionActions` */
  actions?: InteractionActions;
  /**
   * The app-level token (`xapp-…`, `connections:write`): clicks arrive by Socket Mode, started on module
   * init and closed on shutdown. @default none (HTTP only, with the `interactionsController` extra)
   */
  appToken?: string;
};
