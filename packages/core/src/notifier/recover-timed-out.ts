import type { OutboxItem } from '../types.js';
import type { DeliveryContext } from './deliver-item.js';
import { handleFailure } from './handle-failure.js';

/** How far before its first send a message is looked for in history (clock skew between us and Slack). */
export const HISTORY_SKEW_MS = 60_000;

/** What became of a possibly-posted message: found (`ts`), settled or put back for later, or to be posted. */
export type Recovery = { status: 'found'; ts: string } | { status: 'handled' } | { status: 'post' };

/**
 * Before a timed-out message is posted again: look it up in the channel history (metadata id), but only
 * when it should have landed, and post again only when it is still absent at the end of its grace (see
 * `LateCommits`). Waiting never holds a Slack call: the item goes back to the store and its lane pauses
 * until then (no attempt used), so the lane keeps its order, one call in flight, and is held at most
 * `timeout + maxGraceMs` per attempt. A look-up Slack cannot answer is handled like a failed post.
 */
export async function recoverTimedOut(
  ctx: DeliveryContext,
  channelId: string,
  item: OutboxItem,
  threadTs: string | undefined,
): Promise<Recovery> {
  const { deps } = ctx;
  const { lateCommits, clock, gateway } = deps;
  const now = clock.now();
  const plan = lateCommits.plan(item.id, now, item.acceptedAt, HISTORY_SKEW_MS);
  if (plan.action === 'wait') return putBack(ctx, item, plan.until);
  if (plan.action === 'known') {
    lateCommits.forget(item.id);
    return plan.ts === undefined ? { status: 'post' } : { status: 'found', ts: plan.ts };
  }
  // Slack's history tier: the first page is spent here (the gateway charges further pages).
  const budgetWait = lateCommits.budget.waitMs();
  if (budgetWait > 0) return putBack(ctx, item, now + budgetWait);
  lateCommits.budget.take();
  const found = await gateway.findPosted(channelId, plan.lookupId, plan.oldestMs, threadTs);
  if (found.ok && found.value !== undefined) {
    const lateness = lateCommits.found(item.id, found.value);
    deps.logger.log('info', 'a timed-out message had been posted; not posting it again', {
      id: item.id,
      ...(lateness ? { landedAfterTimeoutMs: Math.round(lateness) } : {}),
    });
    return { status: 'found', ts: found.value };
  }
  if (!found.ok) {
    const { failure } = found;
    // Unknown because Slack could not answer (429, 5xx, timeout, auth…): keep the message ambiguous and
    // handle the failure like a failed post. Unknown for good (no history scope): post, accepting the risk.
    if (failure.kind !== 'permanent' && failure.kind !== 'rejected') {
      await handleFailure(ctx.failure, item, failure);
      return { status: 'handled' };
    }
  } else {
    // Absent: before the end of the grace Slack may still be storing it; look once more then.
    const until = plan.final ? undefined : lateCommits.absent(item.id, clock.now());
    if (until !== undefined) return putBack(ctx, item, until);
  }
  lateCommits.givenUp(item.id);
  return { status: 'post' };
}

/** Back to the store, its lane paused until `until`: a wait, not a retry (no attempt, not counted). */
async function putBack(ctx: DeliveryContext, item: OutboxItem, until: number): Promise<Recovery> {
  const { lane, deps } = ctx;
  lane.pausedUntil = Math.max(lane.pausedUntil, until);
  lane.hasWork = true;
  await deps.store.release(item);
  return { status: 'handled' };
}
