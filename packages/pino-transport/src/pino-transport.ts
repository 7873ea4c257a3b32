import type { Transform } from 'node:stream';
import type { Notifier } from '@backend-notifier/core';
import { createNotifier } from '@backend-notifier/core';
import build from 'pino-abstract-transport';
import { LevelMap } from './levels.js';
import { createLineHandler, thresholdOf } from './line-handler.js';
import { createStderrLogger } from './stderr-logger.js';
import { checkTransportOptions, type PinoTransportOptions } from './transport-options.js';

const OWNER = '@backend-notifier/pino-transport';

/** What pino-abstract-transport adds to its stream once pino has sent its configuration (`expectPinoConfig`). */
interface PinoConfig {
  levels?: { values?: Readonly<Record<string, number>> };
  messageKey?: string;
  errorKey?: string;
}

/**
 * The worker transport: pino loads this module in a worker thread for
 * `pino.transport({ target: '@backend-notifier/pino-transport', options })` and calls it with `options`.
 * It creates the notifier there, waits for pino's configuration (its levels, custom ones included, and its
 * `messageKey` / `errorKey`), and hands every line at `level` or above to the notifier. pino's
 * `logger.flush(cb)` calls back once the notifier delivered what it holds (or `flushTimeoutMs` passed). When
 * the logger ends, by `transport.end()` or by pino's exit handler as the process exits (both wait for the
 * worker, 10 s at most), the stream's close closes the notifier with `closeTimeoutMs`: what was logged is
 * delivered by then, or counted and reported on stderr.
 */
export default async function pinoTransport(options: PinoTransportOptions): Promise<Transform> {
  checkTransportOptions(options);
  const {
    token,
    channel,
    level,
    priorities,
    redactKeys,
    route,
    customLevels,
    messageKey,
    errorKey,
    closeTimeoutMs = 5000,
    flushTimeoutMs = 5000,
    logLevel,
    ...notifierOptions
  } = options;
  const logger = createStderrLogger(logLevel);
  let notifier: Notifier | undefined;
  let unparsed = 0;
  let closing: Promise<unknown> | undefined;
  const close = () => {
    closing ??= notifier?.close(closeTimeoutMs) ?? Promise.resolve();
    return closing;
  };
  try {
    const stream = await build(
      (source) => {
        const config = source as unknown as PinoConfig;
        const levels = new LevelMap(customLevels);
        levels.learn(config.levels);
        // Every option is checked before the notifier exists: a bad one starts nothing (no Slack call).
        thresholdOf(level, levels, OWNER);
        const created = createNotifier({ ...notifierOptions, token, channel, logger });
        notifier = created;
        const handler = createLineHandler(
          created,
          {
            level,
            priorities,
            redactKeys,
            route,
            messageKey: config.messageKey ?? messageKey,
            errorKey: config.errorKey ?? errorKey,
          },
          (error) => logger.warn('a log line could not be handed to the notifier', { error: String(error) }),
          OWNER,
          levels,
        );
        source.on('data', (line: unknown) => handler.handle(line));
        source.on('unknown', () => {
          // Said once: a stream that is not pino's would otherwise write one warning per line.
          if (unparsed++ === 0) logger.warn('a line that is not JSON was skipped (is it written by pino?)');
        });
      },
      {
        expectPinoConfig: true,
        // Called when the stream ends (transport.end(), pino's exit handler) and when it fails: the worker
        // exits right after, so the notifier delivers now or never.
        close: async () => {
          await close();
          if (unparsed > 1) logger.warn(`${unparsed} lines that were not JSON were skipped`);
        },
      },
    );
    // thread-stream calls this for pino's logger.flush(cb). Lines already written may still sit in the
    // stream's buffer for a tick: they are handed over before the notifier is flushed.
    Object.assign(stream, {
      flush(callback: (error?: Error | null) => void) {
        setImmediate(() => {
          (notifier?.flush(flushTimeoutMs) ?? Promise.resolve(true)).then(
            () => callback(),
            () => callback(),
          );
        });
      },
    });
    return stream;
  } catch (error) {
    await close();
    throw error;
  }
}
