import type { Clock, HealthCheck, HealthReport, HealthStatus, OutboxStore } from '../types.js';

/** How long `health()` waits for the store's own check before reporting it as degraded. */
export const STORE_HEALTH_TIMEOUT_MS = 2000;

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

/**
 * Adds the store's own check (`OutboxStore.health`, e.g. Redis reachable or spooling to its fallback) to a
 * health report; its `degraded`/`down` counts in the overall status. A store without `health` leaves the
 * report as it is. A store check that throws, rejects or takes longer than `STORE_HEALTH_TIMEOUT_MS` reads
 * as degraded: health must answer even when the store cannot.
 */
export async function withStoreHealth(
  report: HealthReport,
  store: OutboxStore,
  clock: Clock,
): Promise<HealthReport> {
  if (store.health === undefined) return report;
  const check = await storeCheck(store, clock);
  const checks = [...report.checks, check];
  const status = RANK[check.status] > RANK[report.status] ? check.status : report.status;
  return { status, checks };
}

async function storeCheck(store: OutboxStore, clock: Clock): Promise<HealthCheck> {
  const failed = (detail: string): HealthCheck => ({ name: 'store', status: 'degraded', detail });
  let timer: unknown;
  try {
    const answer = Promise.resolve(store.health?.()).then((c) => c ?? failed('no answer'));
    const late = new Promise<HealthCheck>((resolve) => {
      timer = clock.setTimeout(
        () => resolve(failed(`no answer within ${STORE_HEALTH_TIMEOUT_MS} ms`)),
        STORE_HEALTH_TIMEOUT_MS,
      );
      (timer as { unref?: () => unknown } | undefined)?.unref?.();
    });
    return await Promise.race([answer, late]);
  } catch (error) {
    return failed(`store health check failed: ${error instanceof Error ? error.name : 'error'}`);
  } finally {
    clock.clearTimeout(timer);
  }
}
