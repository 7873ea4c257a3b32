import type { SlackMessage } from '../slack/gateway-types.js';
import type { DeliveryOutcome, OutboxItem } from '../types.js';
import type { ChannelLane } from './channel-lane.js';
import { describeRefusal } from './describe-refusal.js';
import type { DispatcherDeps } from './dispatcher.js';
import { type FailureContext, handleFailure } from './handle-failure.js';
import { recoverTimedOut } from './recover-timed-out.js';

/** What one delivery attempt works with. */
export interface DeliveryContext {
  deps: DispatcherDeps;
  lane: ChannelLane;
  failure: FailureContext;
  succeeded(at: number): void;
}

/**
 * One attempt at one claimed item: wait for a shared slot (multi-process stores), look a possibly-posted
 * message up before posting it again (when it should have landed, see `recoverTimedOut`), take the pacing
 * tokens, render (with the dropped notice), post, and hand any failure to the failure policy.
 */
export async function deliverItem(ctx: DeliveryContext, channelId: string, item: OutboxItem): Promise<void> {
  const { deps, lane } = ctx;
  const { gateway, clock, ledger, store } = deps;
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
  const notice = ledger.dropNotice();
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
    return ledger.dropped(item, 'invalid');
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
    ledger.noticeDelivered(notice);
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
  const { store, ledger, clock, circuit, gateway } = deps;
  deps.lateCommits.forget(item.id);
  await store.ack(item.id);
  const now = clock.now();
  lane.failures = 0;
  lane.lastError = undefined;
  ctx.succeeded(now);
  // Any success proves the token: clear suspicion too, not only an open circuit.
  if (circuit.failures > 0 || circuit.state !== 'closed') circuit.success();
  const outcome = { status: 'delivered', id: item.id, channelId, ts } as const;
  // Only someone awaiting the receipt wants a permalink; it is fetched off the lane (a courtesy, not worth
  // delaying the next post), and the receipt settles with it.
  if (ledger.receiptOf(item)?.observed !== true) return ledger.delivered(item, outcome);
  ledger.delivered(
    item,
    outcome,
    gateway
      .permalink(channelId, ts)
      .then((link): DeliveryOutcome => (link.ok ? { ...outcome, permalink: link.value } : outcome)),
  );
}
