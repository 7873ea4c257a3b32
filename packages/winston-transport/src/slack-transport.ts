import type { Notifier, Priority } from '@backend-notifier/core';
import { NOTIFIER_LOG_SOURCE } from '@backend-notifier/core';
import Transport from 'winston-transport';
import { DEFAULT_LEVEL_PRIORITIES, infoToNotification } from './info-notification.js';

/** Options for {@link SlackTransport}, on top of Winston's own transport options (`format`, `silent`…). */
export interface SlackTransportOptions extends Transport.TransportStreamOptions {
  /** The notifier that sends to Slack (from `createNotifier`). Required. */
  notifier: Notifier;
  /** The most verbose level sent to Slack. @default 'error' */
  level?: string;
  /**
   * Level → priority, merged over the defaults. Levels not listed are `low`.
   * @default { emerg, alert, crit, error: 'high'; warning, warn: 'normal' }
   */
  priorities?: Readonly<Record<string, Priority>>;
  /**
   * More meta keys to redact, on top of the defaults (`password`, `passwd`, `secret`, `token`,
   * `api_key`, `authorization`, `cookie`, `session`, matched anywhere in a key).
   * @default []
   */
  redactKeys?: ReadonlyArray<string | RegExp>;
  /** A named route of the notifier to post to. @default the notifier's default channel */
  channel?: string;
  /**
   * Close the notifier (flush, then stop) when the transport closes or the logger ends. Leave it off
   * when the notifier is shared with other parts of the app.
   * @default false
   */
  closeNotifier?: boolean;
  /**
   * How long ending the logger waits for Slack (`flush(ms)`, or `close(ms)` with `closeNotifier`) before
   * `'finish'` comes anyway; what is not delivered by then stays counted as pending (or is kept by a durable
   * store). @default 5000
   */
  flushTimeoutMs?: number;
}

/**
 * A Winston transport that turns log entries at `level` or above into Slack messages through a
 * notifier. `log()` only hands the entry to `notifier.notify()` (synchronous, cheap) and returns at
 * once; the notifier owns queueing, pacing and retries. Entries the notifier logs itself (meta
 * `source: 'backend-notifier'`) are skipped, so using the same logger as the notifier's logger never
 * loops. Ending the logger (`logger.end()`, then `'finish'`) waits until every entry is delivered, or
 * settled, by the notifier (flushed, or closed with `closeNotifier`), up to `flushTimeoutMs`; the process
 * stays alive for that wait. Entries are read as winston's transports read them: the level from
 * `info[Symbol.for('level')]`, so `format.colorize()` on the logger changes nothing here.
 *
 * @example
 * const logger = winston.createLogger({ transports: [new SlackTransport({ notifier })] });
 */
export class SlackTransport extends Transport {
  readonly #notifier: Notifier;
  readonly #priorities: Readonly<Record<string, Priority>>;
  readonly #redactKeys: ReadonlyArray<string | RegExp>;
  readonly #channel: string | undefined;
  readonly #closeNotifier: boolean;
  readonly #flushTimeoutMs: number;
  /** Store commits not yet confirmed; `'finish'` waits for them. */
  readonly #accepting = new Set<Promise<unknown>>();
  #closing: Promise<unknown> | undefined;

  constructor(options: SlackTransportOptions) {
    super({ ...options, level: options.level ?? 'error' });
    if (options?.notifier === undefined || typeof options.notifier.notify !== 'function') {
      throw new TypeError('SlackTransport: the `notifier` option is required (from createNotifier)');
    }
    this.#notifier = options.notifier;
    this.#priorities = { ...DEFAULT_LEVEL_PRIORITIES, ...options.priorities };
    this.#redactKeys = options.redactKeys ?? [];
    this.#channel = options.channel;
    this.#closeNotifier = options.closeNotifier ?? false;
    this.#flushTimeoutMs = options.flushTimeoutMs ?? 5000;
  }

  /** Hands the entry to the notifier and calls back at once; `'logged'` follows on the next tick. */
  override log(info: Record<string, unknown>, callback?: () => void): void {
    if (info['source'] !== NOTIFIER_LOG_SOURCE) this.#send(info);
    setImmediate(() => this.emit('logged', info));
    callback?.();
  }

  /**
   * Called by Winston when the logger closes: closes the notifier (flush, then stop) when
   * `closeNotifier` is set; otherwise the notifier is left to its owner.
   */
  override close(): void {
    if (this.#closeNotifier) void this.#shutdown().catch(() => undefined);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#shutdown().then(
      () => callback(),
      () => callback(),
    );
  }

  #send(info: Record<string, unknown>): void {
    try {
      const receipt = this.#notifier.notify(
        infoToNotification(info, {
          priorities: this.#priorities,
          redactKeys: this.#redactKeys,
          channel: this.#channel,
        }),
      );
      const accepted = Promise.resolve(receipt.accepted).catch(() => false);
      this.#accepting.add(accepted);
      void accepted.then(() => this.#accepting.delete(accepted));
    } catch (error) {
      // 'warn' rather than 'error': an 'error' nobody listens to would crash the app over a log line.
      this.emit('warn', error);
    }
  }

  /**
   * One bound for everything: `flush(ms)` (or `close(ms)`) ends by its deadline whatever Slack or the store
   * does, and keeps the process alive until then, so `'finish'` comes after every entry is delivered or
   * the bound passed. `flush()` is true only once every entry this process accepted has settled, which
   * includes its store commit; the commits are awaited only then, so a hung store cannot hold `'finish'`.
   */
  #shutdown(): Promise<unknown> {
    this.#closing ??= (
      this.#closeNotifier
        ? this.#notifier.close(this.#flushTimeoutMs)
        : this.#notifier.flush(this.#flushTimeoutMs)
    ).then((done) => (done ? this.#settle() : undefined));
    return this.#closing;
  }

  #settle(): Promise<unknown> {
    return Promise.all(this.#accepting);
  }
}
