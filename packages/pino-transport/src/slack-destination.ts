import { EventEmitter } from 'node:events';
import type { Notifier } from '@backend-notifier/core';
import { createLineHandler, type LineHandler } from './line-handler.js';
import type { LineOptions } from './line-notification.js';

/** Options of {@link createSlackDestination}, on top of how lines are read ({@link LineOptions}). */
export interface SlackDestinationOptions extends LineOptions {
  /**
   * `end()` closes the notifier (deliver, then stop) instead of only flushing it. Leave it off when the
   * notifier is shared with other parts of the app (then close it yourself).
   * @default false
   */
  closeNotifier?: boolean;
  /**
   * How long `flush()` (pino's `logger.flush(cb)`) and `end()` wait for the notifier's `flush(ms)` (or
   * `close(ms)` with `closeNotifier`) before calling back anyway; what is not delivered by then stays counted
   * as pending (or is kept by a durable store).
   * @default 5000
   */
  flushTimeoutMs?: number;
}

/** What pino sets on a destination that asks for it (`Symbol.for('pino.metadata')`) right before each write. */
interface PinoMetadata {
  lastLevel?: unknown;
  lastLogger?: { levels?: { values?: Readonly<Record<string, number>> } };
}

const OWNER = 'createSlackDestination';

/**
 * An in-process pino destination (`pino(options, destination)`, or a stream of `pino.multistream`) that turns
 * each line at `level` or above into a Slack notification. `write()` parses the line and hands it to
 * `notifier.notify()` (synchronous, cheap) and returns at once; lines below the level are not even parsed
 * (pino tells the destination each line's level first). `flush(cb)` calls back once the notifier has
 * delivered what it holds (or `flushTimeoutMs` passed); `end()` does the same, then emits `'finish'`. It never
 * throws into the logger: a line it cannot read or hand over is reported with a `'warn'` event.
 */
export class SlackDestination extends EventEmitter implements PinoMetadata {
  readonly #notifier: Notifier;
  readonly #handler: LineHandler;
  readonly #closeNotifier: boolean;
  readonly #flushTimeoutMs: number;
  #partial = '';
  #learnedFrom: unknown;
  #ending: Promise<void> | undefined;
  #finished = false;
  lastLevel?: unknown;
  lastLogger?: PinoMetadata['lastLogger'];

  constructor(notifier: Notifier, options: SlackDestinationOptions = {}) {
    super();
    this.#handler = createLineHandler(notifier, options, (error) => this.#warn(error), OWNER);
    this.#notifier = notifier;
    this.#closeNotifier = options.closeNotifier ?? false;
    this.#flushTimeoutMs = options.flushTimeoutMs ?? 5000;
    // Asks pino for lastLevel / lastLogger before each write (pino's documented destination metadata).
    Object.defineProperty(this, Symbol.for('pino.metadata'), { value: true });
  }

  /** True until `end()`; lines written after it are still handed to the notifier (which counts them if closed). */
  get writable(): boolean {
    return this.#ending === undefined;
  }

  /** `'finish'` was emitted. */
  get writableFinished(): boolean {
    return this.#finished;
  }

  /** Takes one or more complete lines (pino writes one per call). Always returns true: nothing is buffered. */
  write(chunk: string | Uint8Array): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    // A line pino says is below the threshold is not parsed at all (the common case: info, debug).
    const level = this.lastLevel;
    this.lastLevel = undefined;
    if (typeof level === 'number' && this.#partial === '' && !this.#handler.wants(level)) return true;
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    if (this.lastLogger !== undefined && this.lastLogger !== this.#learnedFrom) {
      this.#learnedFrom = this.lastLogger;
      this.#handler.context.levels.learn(this.lastLogger.levels);
    }
    for (const line of lines) this.#line(line);
    return true;
  }

  /** pino's `logger.flush(cb)`: calls back once the notifier has delivered what it holds, or after `flushTimeoutMs`. */
  flush(callback?: (error?: Error | null) => void): void {
    this.#flushed(() => this.#notifier.flush(this.#flushTimeoutMs)).then(
      () => callback?.(),
      () => callback?.(),
    );
  }

  /**
   * Flushes the notifier (closes it with `closeNotifier`), at most `flushTimeoutMs` (+ 250 ms for a close), then
   * emits `'finish'`. The process stays alive for that wait. Idempotent.
   */
  end(callback?: () => void): this {
    if (this.#partial !== '') this.#line(this.#partial);
    this.#partial = '';
    this.#ending ??= this.#flushed(() =>
      this.#closeNotifier
        ? this.#notifier.close(this.#flushTimeoutMs)
        : this.#notifier.flush(this.#flushTimeoutMs),
    ).then(() => {
      this.#finished = true;
      this.emit('finish');
      this.emit('close');
    });
    if (callback !== undefined) void this.#ending.then(callback);
    return this;
  }

  #line(line: string): void {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.#warn(new TypeError(`${OWNER}: a line that is not JSON was skipped (is it written by pino?)`));
      return;
    }
    this.#handler.handle(parsed);
  }

  /** The notifier's wait; then the store commits, but only when the wait succeeded (a hung store cannot hold us). */
  async #flushed(wait: () => Promise<boolean>): Promise<void> {
    if (await wait().catch(() => false)) await this.#handler.committed();
  }

  #warn(error: unknown): void {
    // 'warn' rather than 'error': an 'error' nobody listens to would crash the app over a log line.
    this.emit('warn', error);
  }
}

/**
 * The in-process destination: `pino(options, createSlackDestination(notifier, { level: 'error' }))`.
 * Throws a `TypeError` at once for options that cannot work (no notifier, an unknown level).
 *
 * @example
 * const logger = pino({}, pino.multistream([{ stream: process.stdout }, { level: 'error', stream: createSlackDestination(notifier) }]));
 */
export function createSlackDestination(
  notifier: Notifier,
  options?: SlackDestinationOptions,
): SlackDestination {
  return new SlackDestination(notifier, options);
}
