import { NotifierError } from '../errors.js';
import { assertBotToken } from './token-kind.js';

/** A bot token, or a function returning one (called again after `refresh()`, e.g. for rotation). */
export type TokenSource = string | (() => string | Promise<string>);

/** Hands out the current token; caches it until `refresh()`. */
export interface TokenProvider {
  /**
   * The current bot token. Rejects with `NotifierError('invalid_token')` when it is not a bot token, or
   * `NotifierError('auth_failed')` when the provider function throws (its error kept as `cause`).
   */
  get(): Promise<string>;
  /** Drop the cached token: the next `get()` asks the source again. */
  refresh(): void;
}

/**
 * Wraps a {@link TokenSource}. Concurrent `get()` calls share one provider call; a failed call is not
 * cached, so the next `get()` tries again.
 */
export function createTokenProvider(source: TokenSource): TokenProvider {
  let cached: Promise<string> | undefined;
  const load = async (): Promise<string> => {
    if (typeof source === 'string') return assertBotToken(source);
    let value: unknown;
    try {
      value = await source();
    } catch (cause) {
      throw new NotifierError('auth_failed', 'The Slack token provider function threw; see the cause.', {
        cause,
      });
    }
    return assertBotToken(value);
  };
  return {
    get() {
      if (!cached) {
        const attempt = load();
        cached = attempt;
        attempt.catch(() => {
          if (cached === attempt) cached = undefined;
        });
      }
      return cached;
    },
    refresh() {
      cached = undefined;
    },
  };
}
