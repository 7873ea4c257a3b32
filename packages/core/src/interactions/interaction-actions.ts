import type { MaybePromise } from '../types.js';

/** Who acted, and on which message. From a verified and authorized Slack click. */
export interface ActedBy {
  /** The Slack user id of whoever clicked (`U…`/`W…`). */
  userId: string;
  /** Their Slack username, when the payload carried it (display only: escape it before showing it). */
  userName?: string;
  /** The channel of the message clicked. */
  channelId: string;
  /** The `ts` of the message clicked. */
  messageTs?: string;
}

/**
 * What the buttons do, by conversation key. The notifier implements it (conversations keep one message per
 * key); the receiver calls it only after the request was verified, the payload checked and the user
 * authorized. A rejection is counted as `failed` and the user is told the action did not go through.
 */
export interface InteractionActions {
  acknowledge(key: string, by: ActedBy): MaybePromise<unknown>;
  /** Silences the key for `forMs` (the 1 h and 24 h buttons). */
  mute(key: string, forMs: number, by: ActedBy): MaybePromise<unknown>;
  unmute(key: string, by: ActedBy): MaybePromise<unknown>;
  resolve(key: string, by: ActedBy): MaybePromise<unknown>;
}

/** The `action_id`s this library puts on its buttons; any other is refused as `unknown_action`. */
export const ACTION_IDS = Object.freeze({
  acknowledge: 'acknowledge',
  mute1h: 'mute_1h',
  mute24h: 'mute_24h',
  resolve: 'resolve',
  unmute: 'unmute',
} as const);

/** One of {@link ACTION_IDS}. */
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

const HOUR_MS = 3_600_000;

/** How long each mute button silences its key. */
export const MUTE_DURATIONS_MS: Readonly<Record<'mute_1h' | 'mute_24h', number>> = Object.freeze({
  mute_1h: HOUR_MS,
  mute_24h: 24 * HOUR_MS,
});

export function isActionId(value: unknown): value is ActionId {
  return typeof value === 'string' && (Object.values(ACTION_IDS) as string[]).includes(value);
}

/** Carries out one verified action on `actions`. */
export async function runAction(
  actions: InteractionActions,
  actionId: ActionId,
  key: string,
  by: ActedBy,
): Promise<void> {
  switch (actionId) {
    case 'acknowledge':
      await actions.acknowledge(key, by);
      return;
    case 'mute_1h':
    case 'mute_24h':
      await actions.mute(key, MUTE_DURATIONS_MS[actionId], by);
      return;
    case 'unmute':
      await actions.unmute(key, by);
      return;
    case 'resolve':
      await actions.resolve(key, by);
      return;
  }
}
