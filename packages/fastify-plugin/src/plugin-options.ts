import type { HttpFailureOptions, Logger, Notifier } from '@backend-notifier/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Options of the {@link backendNotifier} plugin. */
export interface BackendNotifierPluginOptions extends HttpFailureOptions {
  /** The notifier to report through; decorated as `fastify.notifier`. */
  notifier: Notifier;
  /**
   * Decides whether an error is reported. Runs before anything is built, so it is the cheap place to filter.
   * A throw here counts as "do not report" and is logged.
   * @default reports when the status (core's `httpStatusOf(error, reply.statusCode)`) is 500 or above
   */
  shouldReport?: (error: unknown, request: FastifyRequest, reply: FastifyReply) => boolean;
  /**
   * A `GET` route answering `notifier.health()` as JSON (200 for `ok` and `degraded`, 503 for `down`),
   * e.g. `'/health/slack'`. `false`: no route.
   * @default false
   */
  healthRoute?: string | false;
  /**
   * Close the notifier when Fastify closes (`fastify.close()`, in an `onClose` hook: after the server has
   * stopped taking requests and those in progress were answered), delivering what is pending. `false` when
   * the notifier outlives this Fastify instance.
   * @default true
   */
  closeNotifier?: boolean;
  /**
   * The bound of that close, in ms: `notifier.close(closeTimeoutMs)` ends within it (+ at most 250 ms)
   * whatever Slack does; what is not delivered by then is counted (and kept, with a durable store).
   * @default 10_000
   */
  closeTimeoutMs?: number;
  /**
   * Where a failure inside reporting itself is logged (never rethrown). Calls carry
   * `{ source: 'backend-notifier' }`.
   * @default Fastify's logger (`fastify.log.error`)
   */
  logger?: Pick<Logger, 'error'>;
}

/** The default of `closeTimeoutMs`. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
