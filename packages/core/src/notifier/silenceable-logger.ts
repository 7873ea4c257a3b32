import type { Logger } from '../types.js';

/** A logger that goes quiet for good once `silence()` is called. */
export interface SilenceableLogger extends Logger {
  silence(): void;
}

/**
 * Wraps the user's logger so that nothing is logged once `close()` has resolved: a late answer of an
 * aborted Slack call, or a storm counter that could not be sent, must not write to a logger the app may
 * already have closed (Winston prints "Attempt to write logs with no transports" for each such line).
 */
export function createSilenceableLogger(logger: Logger): SilenceableLogger {
  let quiet = false;
  return {
    debug: (message, meta) => {
      if (!quiet) logger.debug(message, meta);
    },
    info: (message, meta) => {
      if (!quiet) logger.info(message, meta);
    },
    warn: (message, meta) => {
      if (!quiet) logger.warn(message, meta);
    },
    error: (message, meta) => {
      if (!quiet) logger.error(message, meta);
    },
    silence: () => {
      quiet = true;
    },
  };
}
