import type { SlackFailure } from '../slack/gateway-types.js';
import type { OutboxItem } from '../types.js';
import type { ChannelLane } from './channel-lane.js';
import type { DispatcherDeps } from './dispatcher.js';

/** What failure handling may touch. */
export interface FailureContext {
  deps: DispatcherDeps;
  lane: ChannelLane;
  /** Pause the lane as the failure asks (Retry-After, backoff) and feed the auth circuit. */
  backOffLane(failure: SlackFailure, now: number): void;
  /** Re-run channel setup for this lane. */
  setUp(): Promise<SlackFailure | undefined>;
}

/**
 * Within this long after a recovery (join, setup) the same failure is not "recovered" again: it means the
 * recovery did not explain the failure, so the message is dead-lettered with one request instead of looping.
 */
export const RECOVERY_WINDOW_MS = 30_000;

/**
 * The one place that decides what a failed post means for the message (the classification comes from the
 * Slack layer): 429 → pause the channel, no attempt used; transient/ambiguous → back off, one attempt;
 * not_in_channel → join and retry; channel_gone → set up again and retry; auth → circuit, kept;
 * token_expired → new token, kept; rejected → plain-text fallback once (when the refused payload was rich);
 * permanent → dead letter.
 */
export async function handleFailure(
  ctx: FailureContext,
  item: OutboxItem,
  failure: SlackFailure,
  /** The refused payload had blocks or attachments (a plain-text version would differ). */
  rich = false,
): Promise<void> {
  const { deps, lane } = ctx;
  const { clock, ledger, logger } = deps;
  const now = clock.now();
  lane.lastError = failure.code;
  switch (failure.kind) {
    case 'rate_limited':
      ledger.rateLimited();
      ctx.backOffLane(failure, now);
      await deps.store.pause?.(lane.name, now + failure.retryAfterMs);
      return release(ctx, item, false);
    case 'transient':
    case 'ambiguous': {
      if (failure.kind === 'ambiguous') item.ambiguous = true;
      item.attempts++;
      if (item.attempts >= deps.maxAttempts) return deadLetter(ctx, item, failure.code);
      ctx.backOffLane(failure, now);
      return release(ctx, item, true);
    }
    case 'auth':
    case 'token_expired':
      ctx.backOffLane(failure, now);
      return release(ctx, item, false);
    case 'not_in_channel':
      return recoverMembership(ctx, item, failure);
    case 'channel_gone':
      return recoverChannel(ctx, item, failure);
    case 'rejected':
      // A plain message that was refused would be refused again as plain text: one request, then dead letter.
      if (!item.fallback && rich) {
        item.fallback = true;
        logger.log('warn', 'Slack rejected the message; sending a plain-text version', {
          id: item.id,
          code: failure.code,
        });
        return release(ctx, item, true);
      }
      return deadLetter(ctx, item, failure.code);
    default:
      return deadLetter(ctx, item, failure.code);
  }
}

async function recoverMembership(
  ctx: FailureContext,
  item: OutboxItem,
  failure: SlackFailure,
): Promise<void> {
  const { deps, lane } = ctx;
  const channelId = lane.channelId;
  if (channelId === undefined || deps.clock.now() - lane.membershipRecoveredAt < RECOVERY_WINDOW_MS) {
    return deadLetter(ctx, item, failure.code);
  }
  lane.membershipRecoveredAt = deps.clock.now();
  const userId = deps.botUserId();
  if (userId !== undefined) {
    const member = await deps.gateway.isMember(channelId, userId);
    // Slack says we are a member yet refused with not_in_channel: joining cannot help.
    if (member.ok && member.value) return deadLetter(ctx, item, failure.code);
  }
  const joined = await deps.gateway.join(channelId);
  if (joined.ok) {
    deps.logger.log('info', 'joined the channel again after not_in_channel', { channel: lane.name });
    return release(ctx, item, true);
  }
  if (joined.failure.kind === 'not_in_channel') return deadLetter(ctx, item, failure.code);
  return handleFailure(ctx, item, joined.failure);
}

async function recoverChannel(ctx: FailureContext, item: OutboxItem, failure: SlackFailure): Promise<void> {
  const { deps, lane } = ctx;
  if (deps.clock.now() - lane.channelRecoveredAt < RECOVERY_WINDOW_MS)
    return deadLetter(ctx, item, failure.code);
  lane.channelRecoveredAt = deps.clock.now();
  const before = lane.channelId;
  const setupFailure = await ctx.setUp();
  if (setupFailure !== undefined) {
    // The channel cannot be set up now: keep the message; the lane retries setup with backoff.
    lane.channelId = undefined;
    deps.logger.log('warn', 'channel setup failed; messages are kept', {
      channel: lane.name,
      code: setupFailure.code,
    });
    return release(ctx, item, false);
  }
  if (lane.channelId === before) return deadLetter(ctx, item, failure.code);
  deps.logger.log('info', 'channel set up again', { channel: lane.name, code: failure.code });
  return release(ctx, item, true);
}

async function release(ctx: FailureContext, item: OutboxItem, retried: boolean): Promise<void> {
  if (retried) ctx.deps.ledger.retried();
  ctx.lane.hasWork = true;
  await ctx.deps.store.release(item);
}

async function deadLetter(ctx: FailureContext, item: OutboxItem, code: string): Promise<void> {
  const { deps, lane } = ctx;
  deps.lateCommits.forget(item.id);
  await deps.store.deadLetter(item, code);
  deps.logger.log('warn', 'Slack refused a message for good; dead-lettered', {
    id: item.id,
    code,
    channel: lane.name,
  });
  deps.ledger.deadLettered(item, code);
}
