import type { Notifier } from '@backend-notifier/core';
import { NOTIFIER_LOG_SOURCE } from '@backend-notifier/core';
import { DEFAULT_LEVEL_PRIORITIES, LevelMap, PINO_LEVELS } from './levels.js';
import { type LineContext, type LineOptions, lineToNotification } from './line-notification.js';

/** Hands parsed pino lines to a notifier: the part the destination and the worker share. */
export interface LineHandler {
  readonly context: LineContext;
  /** Whether a line at this numeric level is sent (checked before a line is parsed, when pino says its level). */
  wants(level: number): boolean;
  /** One parsed line: the notifier's own lines and those below the threshold are skipped, the rest notified. */
  handle(line: unknown): void;
  /** Resolves once every notification handed over so far is committed by the store (or refused). */
  committed(): Promise<void>;
}

/** Why a line could not be handed over: the handler never throws into the logger that wrote it. */
export type LineErrorListener = (error: unknown) => void;

/** The threshold as a number; a label must be one of pino's levels or of `customLevels`. Throws a `TypeError`. */
export function thresholdOf(level: string | number | undefined, levels: LevelMap, owner: string): number {
  const threshold = levels.numberOf(level ?? 'error');
  if (threshold === undefined) {
    throw new TypeError(
      `${owner}: unknown level ${JSON.stringify(level)} (pino's levels are ${Object.keys(PINO_LEVELS).join(', ')}; ` +
        'name a custom level in `customLevels`, or give its number)',
    );
  }
  return threshold;
}

/**
 * Resolves the options and returns the handler. `levels` may already know the logger's levels (the worker
 * gets them from pino before it starts). Throws a `TypeError` for options that cannot work (an unknown
 * threshold, a missing notifier), naming the option.
 */
export function createLineHandler(
  notifier: Notifier,
  options: LineOptions,
  onError: LineErrorListener,
  owner: string,
  levels: LevelMap = new LevelMap(options.customLevels),
): LineHandler {
  if (notifier === undefined || notifier === null || typeof notifier.notify !== 'function') {
    throw new TypeError(`${owner}: a notifier (from createNotifier) is required`);
  }
  const threshold = thresholdOf(options.level, levels, owner);
  const context: LineContext = {
    levels,
    priorities: { ...DEFAULT_LEVEL_PRIORITIES, ...options.priorities },
    redactKeys: options.redactKeys ?? [],
    route: options.route,
    messageKey: options.messageKey ?? 'msg',
    errorKey: options.errorKey ?? 'err',
  };
  const accepting = new Set<Promise<unknown>>();
  return {
    context,
    wants: (level) => level >= threshold,
    handle(line) {
      if (typeof line !== 'object' || line === null || Array.isArray(line)) return;
      const entry = line as Record<string, unknown>;
      // The notifier's own log lines (written into this logger through createNotifierLogger) never go back.
      if (entry['source'] === NOTIFIER_LOG_SOURCE) return;
      const level = levels.numberOf(entry['level']);
      if (level === undefined || level < threshold) return;
      try {
        const receipt = notifier.notify(lineToNotification(entry, context));
        const accepted = Promise.resolve(receipt.accepted).catch(() => false);
        accepting.add(accepted);
        void accepted.then(() => accepting.delete(accepted));
      } catch (error) {
        onError(error);
      }
    },
    async committed() {
      await Promise.all(accepting);
    },
  };
}
