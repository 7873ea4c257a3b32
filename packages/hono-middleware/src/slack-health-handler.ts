import { httpHealthResponse, type Notifier } from '@backend-notifier/core';
import type { Handler } from 'hono';

/**
 * A Hono handler for a health route such as `GET /health/slack`: core's `httpHealthResponse` as JSON, 200
 * for `ok` and `degraded`, 503 for `down` (also when the check itself fails, without its reason), never
 * cached.
 *
 * @example
 * app.get('/health/slack', slackHealthHandler(notifier));
 */
export function slackHealthHandler(notifier: Notifier): Handler {
  return async function slackHealth(c) {
    const { statusCode, body } = await httpHealthResponse(notifier);
    c.header('Cache-Control', 'no-store');
    return c.json(body, statusCode);
  };
}
