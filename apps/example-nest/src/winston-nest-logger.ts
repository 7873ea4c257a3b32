import type { LoggerService } from '@nestjs/common';
import type winston from 'winston';

/** Nest's own log lines (bootstrap, routes, exceptions) into the app's Winston logger, with their context. */
export class WinstonNestLogger implements LoggerService {
  readonly #logger: winston.Logger;

  constructor(logger: winston.Logger) {
    this.#logger = logger;
  }

  log(message: unknown, context?: string): void {
    this.#logger.info(String(message), { context });
  }

  error(message: unknown, stack?: string, context?: string): void {
    this.#logger.error(String(message), { context, ...(stack ? { stack } : {}) });
  }

  warn(message: unknown, context?: string): void {
    this.#logger.warn(String(message), { context });
  }

  debug(message: unknown, context?: string): void {
    this.#logger.debug(String(message), { context });
  }

  verbose(message: unknown, context?: string): void {
    this.#logger.verbose(String(message), { context });
  }
}
