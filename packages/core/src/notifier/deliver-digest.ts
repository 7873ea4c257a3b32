import type { SlackMessage } from '../slack/gateway-types.js';
import type { OutboxItem } from '../types.js';
import { type DeliveryContext, deliverItem, reserveSlot } from './deliver-item.js';
import { handleFailure } from './handle-failure.js';

/**
 * Posts several claimed items as one digest message. On success each item is delivered (same `ts`); on a
 * failure the first item takes the failure policy (attempts, backoff, dead letter) and the others go back
 * to their places untouched. A digest Slack rejects marks the first for its plain-text fallback, which is
 * never digested, so the next attempt cannot fail the same way.
 */
export async function deliverDigest(
  ctx: DeliveryContext,
  channelId: string,
  items: OutboxItem[],
): Promise<void> {
  const { deps, lane } = ctx;
  const { gateway, clock, ledger, store } = deps;
  const [first, ...rest] = items;
  if (first === undefined) return;
  const putBack = async () => {
    for (const item of rest) await store.release(item);
    lane.hasWork = true;
  };
  const notice = ledger.dropNotice();
  let message: SlackMessage;
  try {
    message = deps.renderDigest(items, notice);
  } catch (error) {
    deps.logger.log('warn', 'a digest could not be rendered; sending one by one', { error: String(error) });
    await putBack();
    return deliverItem(ctx, channelId, first);
  }
  const now = clock.now();
  lane.bucket.take(now);
  deps.workspace.take(now);
  await reserveSlot(deps, lane.name);
  const res = await gateway.postMessage(channelId, message, { id: first.id });
  if (!res.ok) {
    if (res.failure.kind === 'ambiguous') {
      // The digest may still land, carrying the first item's id: the others share its fate (one look-up).
      const others = rest.map((item) => item.id);
      deps.lateCommits.timedOut(first.id, clock.now(), others);
      for (const item of rest) item.ambiguous = true;
    }
    await putBack();
    return handleFailure(ctx.failure, first, res.failure, true);
  }
  ledger.noticeDelivered(notice);
  ledger.digested(items.length);
  const at = clock.now();
  for (const item of items) {
    await store.ack(item.id);
    ledger.delivered(item, { status: 'delivered', id: item.id, channelId, ts: res.value.ts });
  }
  lane.failures = 0;
  lane.lastError = undefined;
  ctx.succeeded(at);
  if (deps.circuit.failures > 0 || deps.circuit.state !== 'closed') deps.circuit.success();
}
