/** The app's configuration, as `ConfigService` serves it (`config.get('slack.channel')`…). */
export interface AppConfig {
  slack: {
    /** Bot token; the caller starts an emulator when there is none. */
    token: string;
    /** Slack Web API base URL, or undefined for Slack itself. */
    apiUrl: string | undefined;
    channel: string;
  };
  /** Where accepted messages wait: a SQLite file path, or `'memory'`. */
  outbox: string;
  /** Overrides of notifier rates (tests and the demo run faster than Slack's 1/s). */
  perChannelPerSecond: number | undefined;
}

/** Injection token of the app's Winston logger. */
export const WINSTON_LOGGER: unique symbol = Symbol('WINSTON_LOGGER');
