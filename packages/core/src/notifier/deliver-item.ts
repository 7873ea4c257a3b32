import type { SlackMessage } from '../slack/gateway-types.js';
import type { DeliveryOutcome, OutboxItem } from '../types.js';
import type { ChannelLane } from './channel-lane.js';
import { describeRefusal } from './describe-refusal.js';
import type { DispatcherDeps } from './dispatcher.js';
import { type FailureContext, handleFailure } from './handle-failure.js';
import { countDelivered } from './own-items.js';
import { recoverTimedOut } from './recover-timed-out.js';

/** What one delivery attempt works with. */
export interface DeliveryContext {
  deps: DispatcherDeps;
  lane: ChannelLane;
  failure: FailureContext;
  drop(item: OutboxItem, reason: string): void;
  succeeded(at: number): void;
}

/**
 * One attempt at one claimed item: wait for a shared slot (multi-process stores), look a possibly-posted
 * message up before posting it again (when it should have landed, see `recoverTimedOut`), take the pacing
 * tokens, render (with the dropped notice), post, and hand any failure to the failure policy.
 */
export async function deliverItem(ctx: DeliveryContext, channelId: string, item: OutboxItem): Promise<void> {
  const { deps, lane } = ctx;
  const { gateway, clock, stats, store } = deps;
  const threadTs = typeof item.notification === 'object' ? item.notification.threadTs : undefined;
  if (item.ambiguous && deps.recoverAmbiguous()) {
    const recovery = await recoverTimedOut(ctx, channelId, item, threadTs);
    if (recovery.status === 'found') return delivered(ctx, channelId, item, recovery.ts);
    if (recovery.status === 'handled') return;
  }
  item.ambiguous = false;
  const now = clock.now();
  lane.bucket.take(now);
  deps.workspace.take(now);
  const noticeCount = stats.droppedSinceDelivery;
  const notice =
    noticeCount > 0 ? { count: noticeCount, byReason: { ...stats.droppedSinceByReason } } : undefined;
  let message: SlackMessage;
  try {
    message = deps.render(item, notice);
  } catch (error) {
    // Never the thrown message as is: a payload's getter may have thrown it, with the payload's data.
    deps.logger.log('warn', 'a notification could not be rendered; dropped', {
      id: item.id,
      error: describeRefusal(error).message,
    });
    await store.ack(item.id);
    deps.lateCommits.forget(item.id);
    return ctx.drop(item, 'invalid');
  }
  // The shared slot last, right before the request: rendering and the history look-up must not widen the
  // gap between the store's pacing check and the wire.
  await reserveSlot(deps, lane.name);
  const res = await gateway.postMessage(
    channelId,
    message,
    threadTs ? { id: item.id, threadTs } : { id: item.id },
  );
  if (res.ok) {
    stats.noticeDelivered(noticeCount);
    return delivered(ctx, channelId, item, res.value.ts);
  }
  // Slack may still be storing it: remember when it went out, so the look-up waits for it to land.
  if (res.failure.kind === 'ambiguous') deps.lateCommits.timedOut(item.id, clock.now());
  const rich = message.blocks !== undefined || message.attachments !== undefined;
  return handleFailure(ctx.failure, item, res.failure, rich);
}

/** Waits for this replica's send slot on a store that paces across processes (`OutboxStore.reserve`). */
export async function reserveSlot(deps: DispatcherDeps, channel: string): Promise<void> {
  const { store, clock } = deps;
  if (store.reserve === undefined) return;
  const wait = await store.reserve(channel, 1000 / deps.perChannelPerSecond, clock.now());
  if (wait > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, wait));
}

async function delivered(
  ctx: DeliveryContext,
  channelId: string,
  item: OutboxItem,
  ts: string,
): Promise<void> {
  const { deps, lane } = ctx;
  const { store, stats, clock, circuit, gateway } = deps;
  deps.lateCommits.forget(item.id);
  await store.ack(item.id);
  const now = clock.now();
  countDelivered(stats, item);
  stats.recordLatency(now - item.acceptedAt);
  lane.failures = 0;
  lane.lastError = undefined;
  ctx.succeeded(now);
  // Any success proves the token: clear suspicion too, not only an open circuit.
  if (circuit.failures > 0 || circuit.state !== 'closed') circuit.success();
  const outcome: DeliveryOutcome = { status: 'delivered', id: item.id, channelId, ts };
  if (!deps.wantsPermalink(item)) return deps.settle(item, outcome);
  // Off the lane: the permalink is a courtesy for whoever awaits the receipt, not worth delaying the next post.
  void gateway.permalink(channelId, ts).then((link) => {
    deps.settle(item, link.ok ? { ...outcome, permalink: link.value } : outcome);
  });
}
