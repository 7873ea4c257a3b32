import type { Clock, HealthCheck, HealthReport, HealthStatus, OutboxStore } from '../types.js';
import type { StoreLossRecord } from './ledger.js';

/** How long `health()` waits for the store's own check before reporting it as degraded. */
export const STORE_HEALTH_TIMEOUT_MS = 2000;

/**
 * How long the check `store_loss` reads `degraded` after the store lost items: long enough for a probe or a
 * person to see it, not for ever (a Redis kept without persistence on purpose would otherwise stay degraded).
 * After it the check stays in the report, `ok`, with the last loss's detail.
 */
export const STORE_LOSS_DEGRADED_MS = 15 * 60_000;

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

/**
 * Adds the store's own check (`OutboxStore.health`, e.g. Redis reachable or spooling to its fallback) and,
 * once the store lost items (`loss`), the check `store_loss` to a health report; their `degraded`/`down`
 * counts in the overall status. A store without `health` and no loss leave the report as it is. A store check that throws, rejects or takes longer than `STORE_HEALTH_TIMEOUT_MS` reads
 * as degraded: health must answer even when the store cannot.
 */
export async function withStoreHealth(
  report: HealthReport,
  store: OutboxStore,
  clock: Clock,
  loss?: StoreLossRecord,
): Promise<HealthReport> {
  const added: HealthCheck[] = [];
  if (store.health !== undefined) added.push(await storeCheck(store, clock));
  if (loss !== undefined) added.push(storeLossCheck(loss, clock.now()));
  if (added.length === 0) return report;
  let status = report.status;
  for (const check of added) if (RANK[check.status] > RANK[status]) status = check.status;
  return { status, checks: [...report.checks, ...added] };
}

/**
 * The check `store_loss`: when the store last lost items behind the notifier's back, what this process
 * re-queued and lost, and the fix; `degraded` for `STORE_LOSS_DEGRADED_MS`. `value`: the items lost.
 */
export function storeLossCheck(loss: StoreLossRecord, now: number): HealthCheck {
  return {
    name: 'store_loss',
    status: now - loss.at < STORE_LOSS_DEGRADED_MS ? 'degraded' : 'ok',
    detail: `${loss.detail} at ${new Date(loss.at).toISOString()}: ${loss.requeued} message(s) queued again, ${loss.lost} lost. Fix: ${loss.fix}`,
    value: loss.lost,
  };
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
