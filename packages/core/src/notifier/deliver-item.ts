import type { SlackMessage } from '../slack/gateway-types.js';
import type { DeliveryOutcome, OutboxItem } from '../types.js';
import type { ChannelLane } from './channel-lane.js';
import type { DispatcherDeps } from './dispatcher.js';
import { type FailureContext, handleFailure } from './handle-failure.js';
import { countDelivered } from './own-items.js';

/** How far before its acceptance a message is looked for in history (clock skew between us and Slack). */
const HISTORY_SLACK_MS = 60_000;

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
 * message up before posting it again, take the pacing tokens, render (with the dropped notice), post, and
 * hand any failure to the failure policy.
 */
export async function deliverItem(ctx: DeliveryContext, channelId: string, item: OutboxItem): Promise<void> {
  const { deps, lane } = ctx;
  const { gateway, clock, stats, store } = deps;
  const threadTs = typeof item.notification === 'object' ? item.notification.threadTs : undefined;
  if (item.ambiguous && deps.recoverAmbiguous()) {
    const found = await gateway.findPosted(channelId, item.id, item.acceptedAt - HISTORY_SLACK_MS, threadTs);
    if (found.ok && found.value !== undefined) {
      deps.logger.log('info', 'a timed-out message had been posted; not posting it again', { id: item.id });
      return delivered(ctx, channelId, item, found.value);
    }
    // Unknown because Slack could not answer (429, 5xx, timeout, auth…): keep the message ambiguous and
    // handle the failure like a failed post. Unknown for good (no history scope): post, accepting the risk.
    if (!found.ok && found.failure.kind !== 'permanent' && found.failure.kind !== 'rejected') {
      return handleFailure(ctx.failure, item, found.failure);
    }
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
    deps.logger.log('warn', 'a notification could not be rendered; dropped', {
      id: item.id,
      error: String(error),
    });
    await store.ack(item.id);
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
