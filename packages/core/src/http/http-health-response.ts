import type { HealthReport, Notifier } from '../types.js';

/** What a health route answers: the HTTP status and the JSON body. */
export interface HttpHealthResponse {
  /** 200 for `ok` and `degraded` (still delivering or catching up), 503 for `down`. */
  statusCode: 200 | 503;
  body: HealthReport;
}

/** The body when the check itself failed: its reason is not echoed, health output never carries internals. */
const CHECK_FAILED: HealthReport = {
  status: 'down',
  checks: [{ name: 'health', status: 'down', detail: 'health check failed' }],
};

/**
 * The answer of an HTTP health route (`GET /health/slack`) for any framework: `notifier.health()` (bounded
 * by `healthTimeoutMs`) with 200 for `ok` and `degraded` and 503 for `down`, so load balancers and uptime
 * checks can act on it. Never rejects: a health check that throws answers 503 `down` without its reason.
 * Serve it with `Cache-Control: no-store`.
 */
export async function httpHealthResponse(notifier: Pick<Notifier, 'health'>): Promise<HttpHealthResponse> {
  let report: HealthReport;
  try {
    report = await notifier.health();
  } catch {
    report = CHECK_FAILED;
  }
  return { statusCode: report.status === 'down' ? 503 : 200, body: report };
}
