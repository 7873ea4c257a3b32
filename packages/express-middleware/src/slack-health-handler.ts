import type { HealthReport, Notifier } from '@backend-notifier/core';
import type { RequestHandlerLike } from './types.js';

/**
 * A request handler for a health route such as `GET /health/slack`: answers the notifier's
 * {@link HealthReport} as JSON, with 200 for `ok` and `degraded` (still delivering or catching up) and
 * 503 for `down`, so load balancers and uptime checks can act on it. Never cached.
 *
 * @example
 * app.get('/health/slack', slackHealthHandler(notifier));
 */
export function slackHealthHandler(notifier: Notifier): RequestHandlerLike {
  return function slackHealthMiddleware(_req, res) {
    const answer = (report: HealthReport) => {
      res.setHeader('Cache-Control', 'no-store');
      res.status(report.status === 'down' ? 503 : 200).json(report);
    };
    let pending: Promise<HealthReport>;
    try {
      pending = notifier.health();
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(answer, () =>
      // The reason is not echoed: health output must never carry internals (or a token).
      answer({ status: 'down', checks: [{ name: 'health', status: 'down', detail: 'health check failed' }] }),
    );
  };
}
