import type { SlackFailure } from '../slack/gateway-types.js';
import type { OutboxItem } from '../types.js';

/**
 * Within this long after a recovery (join, setup) the same failure is not "recovered" again: it means the
 * recovery did not explain the failure, so the message is dead-lettered with one request instead of looping.
 */
export const RECOVERY_WINDOW_MS = 30_000;

/** What the decision reads besides the item and the failure: the time, the policy, the lane's recoveries. */
export interface FailureState {
  now: number;
  maxAttempts: number;
  /** The refused payload had blocks or attachments (a plain-text version would differ). */
  rich: boolean;
  /** The lane's channel id, once set up. */
  channelId: string | undefined;
  /** When the lane last joined again after `not_in_channel`, and last set its channel up again. */
  membershipRecoveredAt: number;
  channelRecoveredAt: number;
}

/** How the item changes before it goes back or to the dead letters. */
export interface ItemChange {
  attempts?: number;
  ambiguous?: true;
  fallback?: true;
}

/** What becomes of a message whose post failed. */
export type FailureDecision =
  | {
      action: 'retry';
      item: ItemChange;
      /** Pause the lane as the failure asks (Retry-After, backoff; auth failures feed the circuit). */
      pause: boolean;
      /** Counted as a retry (an attempt, or the plain-text fallback). */
      retried: boolean;
      /** A 429: counted, and the pause shared through the store until this epoch ms. */
      rateLimitedUntil?: number;
    }
  | { action: 'dead_letter'; item: ItemChange; code: string }
  /** `not_in_channel`, first time in the window: check membership, join, then retry. */
  | { action: 'rejoin' }
  /** The channel is gone (archived, deleted), first time in the window: set it up again, then retry. */
  | { action: 'set_up_again' };

/**
 * The failure policy as a pure function (the classification comes from the Slack layer): 429 → pause the
 * channel, no attempt used; transient/ambiguous → back off, one attempt; not_in_channel → join and retry;
 * channel_gone → set up again and retry; auth → circuit, kept; token_expired → new token, kept; rejected →
 * plain-text fallback once (when the refused payload was rich); permanent → dead letter. `handleFailure`
 * carries the decision out.
 */
export function decideFailure(item: OutboxItem, failure: SlackFailure, state: FailureState): FailureDecision {
  switch (failure.kind) {
    case 'rate_limited':
      return {
        action: 'retry',
        item: {},
        pause: true,
        retried: false,
        rateLimitedUntil: state.now + failure.retryAfterMs,
      };
    case 'transient':
    case 'ambiguous': {
      const change: ItemChange = { attempts: item.attempts + 1 };
      if (failure.kind === 'ambiguous') change.ambiguous = true;
      if (item.attempts + 1 >= state.maxAttempts)
        return { action: 'dead_letter', item: change, code: failure.code };
      return { action: 'retry', item: change, pause: true, retried: true };
    }
    case 'auth':
    case 'token_expired':
      return { action: 'retry', item: {}, pause: true, retried: false };
    case 'not_in_channel':
      if (state.channelId === undefined || state.now - state.membershipRecoveredAt < RECOVERY_WINDOW_MS)
        return { action: 'dead_letter', item: {}, code: failure.code };
      return { action: 'rejoin' };
    case 'channel_gone':
      if (state.now - state.channelRecoveredAt < RECOVERY_WINDOW_MS)
        return { action: 'dead_letter', item: {}, code: failure.code };
      return { action: 'set_up_again' };
    case 'rejected':
      // A plain message that was refused would be refused again as plain text: one request, then dead letter.
      if (!item.fallback && state.rich)
        return { action: 'retry', item: { fallback: true }, pause: false, retried: true };
      return { action: 'dead_letter', item: {}, code: failure.code };
    default:
      return { action: 'dead_letter', item: {}, code: failure.code };
  }
}
