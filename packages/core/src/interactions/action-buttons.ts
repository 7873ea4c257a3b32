import type { ActionsBlock, Button } from '@slack/web-api';
import { NotifierError } from '../errors.js';
import { ACTION_IDS } from './interaction-actions.js';

/** What the buttons should offer for a conversation in its current state. */
export interface ActionButtonsOptions {
  /** The conversation key; it travels in every button's `value` (at most 2,000 characters). */
  key: string;
  /** Muted now: offer Unmute instead of the two mute buttons. @default false */
  muted?: boolean;
  /** Acknowledged already: no Acknowledge button. @default false */
  acknowledged?: boolean;
  /** Resolved: no buttons at all (the block is `undefined`). @default false */
  resolved?: boolean;
}

const button = (actionId: string, text: string, key: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text, emoji: false },
  value: key,
  ...(style ? { style } : {}),
});

/**
 * The `actions` block of an incident message: Acknowledge, Mute 1 h, Mute 24 h, Resolve (Unmute on a muted
 * one), each carrying the conversation key, with the action ids the receiver accepts. `undefined` once
 * resolved, so an update removes the buttons.
 * @throws NotifierError `invalid_notification` for an empty key or one over 2,000 characters.
 */
export function actionButtons(options: ActionButtonsOptions): ActionsBlock | undefined {
  const { key } = options;
  if (typeof key !== 'string' || key.length === 0 || key.length > 2000) {
    throw new NotifierError(
      'invalid_notification',
      'a conversation key for buttons must be 1 to 2,000 characters',
    );
  }
  if (options.resolved) return undefined;
  const elements: Button[] = [];
  if (!options.acknowledged) elements.push(button(ACTION_IDS.acknowledge, 'Acknowledge', key));
  if (options.muted) elements.push(button(ACTION_IDS.unmute, 'Unmute', key));
  else
    elements.push(button(ACTION_IDS.mute1h, 'Mute 1 h', key), button(ACTION_IDS.mute24h, 'Mute 24 h', key));
  elements.push(button(ACTION_IDS.resolve, 'Resolve', key, 'primary'));
  return { type: 'actions', block_id: 'backend_notifier_actions', elements };
}
