import { messageObject } from '../methods/views.js';
import type { Message, WorkspaceUser } from '../types.js';
import type { ChannelState, Workspace } from '../workspace.js';
import type { AppConfig } from './interaction-types.js';

type Json = Record<string, unknown>;

/** A button found in a message: the element and the block holding it. */
export interface FoundButton {
  element: Json;
  blockId: string;
}

/**
 * The button with `actionId` in `blocks` (an `actions` block's elements or a `section`'s accessory),
 * optionally in the block `blockId`. A block without `block_id` gets the stable id Slack-like
 * `b<index>`: Slack generates one at post time; the emulator keeps blocks as posted.
 */
export function findButton(blocks: unknown, actionId: string, blockId?: string): FoundButton | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const [i, raw] of blocks.entries()) {
    if (!raw || typeof raw !== 'object') continue;
    const block = raw as Json;
    const id = typeof block['block_id'] === 'string' ? block['block_id'] : `b${i}`;
    if (blockId !== undefined && id !== blockId) continue;
    const candidates =
      block['type'] === 'actions' && Array.isArray(block['elements'])
        ? (block['elements'] as unknown[])
        : block['type'] === 'section' && block['accessory']
          ? [block['accessory']]
          : [];
    for (const el of candidates) {
      if (
        el &&
        typeof el === 'object' &&
        (el as Json)['type'] === 'button' &&
        (el as Json)['action_id'] === actionId
      ) {
        return { element: el as Json, blockId: id };
      }
    }
  }
  return undefined;
}

/** What a click needs besides the workspace. */
export interface ClickContext {
  ws: Workspace;
  app: AppConfig;
  channel: ChannelState;
  message: Message;
  user: WorkspaceUser;
  button: FoundButton;
  responseUrl: string;
  triggerId: string;
  /** Epoch ms of the click. */
  now: number;
}

/** Slack's `action_ts` / seconds with microseconds: `"1548426417.840180"`. */
export function actionTs(epochMs: number): string {
  const micros = Math.floor(epochMs * 1000);
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

/**
 * The `block_actions` payload of a button click in a channel message, with the fields Slack sends
 * (bolt-js `BlockAction`, the bolt-python fixtures): type, user, api_app_id, token, container,
 * trigger_id, team, enterprise, is_enterprise_install, channel, message, state, response_url, actions.
 */
export function blockActionsPayload(c: ClickContext): Json {
  const { ws, channel, message, user, button } = c;
  const el = button.element;
  const action: Json = {
    action_id: el['action_id'],
    block_id: button.blockId,
    text: el['text'],
    type: 'button',
    action_ts: actionTs(c.now),
  };
  if (typeof el['value'] === 'string') action['value'] = el['value'];
  if (typeof el['style'] === 'string') action['style'] = el['style'];
  if (typeof el['url'] === 'string') action['url'] = el['url'];
  if (el['confirm']) action['confirm'] = el['confirm'];
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: ws.teamId },
    api_app_id: c.app.appId,
    token: c.app.verificationToken,
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false },
    trigger_id: c.triggerId,
    team: { id: ws.teamId, domain: ws.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    message: messageObject(ws, channel, message),
    state: { values: {} },
    response_url: c.responseUrl,
    actions: [action],
  };
}
