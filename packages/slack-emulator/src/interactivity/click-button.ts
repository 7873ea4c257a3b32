import type { EmulatorCore } from '../core.js';
import { blockActionsPayload, findButton } from './block-actions-payload.js';
import { type DeliveryRoute, deliverInteraction } from './deliver-interaction.js';
import type { InteractionRecord } from './interaction-types.js';
import type { SocketModeServer } from './socket-mode-server.js';

/** A click on a message's button, as a workspace user. */
export interface ClickOptions {
  /** Channel id or name. */
  channel: string;
  /** The message's ts. */
  ts: string;
  /** The button's `action_id`. */
  actionId: string;
  /** The `block_id` of the block holding it, when several blocks share the action id. @default the first match */
  blockId?: string;
  /** Who clicks: a workspace user's id or name. @default the workspace's first user */
  user?: string;
  /** @default 'auto' (Socket Mode when a client is connected, else HTTP to the request URL) */
  via?: DeliveryRoute;
}

/**
 * Builds the `block_actions` payload of the click, gives it a `response_url` (5 uses in 30 minutes)
 * and a `trigger_id`, delivers it and resolves with the record once the app acked or the ack timeout
 * passed. Throws on a click that cannot happen (no such channel, message, button or user).
 */
export function clickButton(
  core: EmulatorCore,
  socket: SocketModeServer,
  baseUrl: string,
  opts: ClickOptions,
): Promise<InteractionRecord> {
  const ws = core.ws;
  const state = core.interactivity;
  const channel = ws.findChannel(opts.channel, true);
  if (!channel) throw new Error(`no channel ${opts.channel}`);
  const message = ws.findMessage(channel, opts.ts);
  if (!message) throw new Error(`no message ${opts.ts} in ${channel.id}`);
  const button = findButton(message.blocks, opts.actionId, opts.blockId);
  if (!button) throw new Error(`no button with action_id ${opts.actionId} in message ${opts.ts}`);
  const user =
    opts.user === undefined ? ws.users[0] : ws.users.find((u) => u.id === opts.user || u.name === opts.user);
  if (!user) throw new Error(`no user ${opts.user ?? ''} in the workspace`);
  const now = ws.now();
  const d = state.ids;
  const key = `${ws.teamId}/${d.digits(13)}/${d.secret(24)}`;
  const responseUrl = `${baseUrl}actions/${key}`;
  const triggerId = `${d.digits(13)}.${d.digits(13)}.${d.secret(32)}`;
  const payload = blockActionsPayload({
    ws,
    app: state.app,
    channel,
    message,
    user,
    button,
    responseUrl,
    triggerId,
    now,
  });
  const value = button.element['value'];
  // The URL exists from the moment the payload is sent: an app may use it before it acks (the
  // interaction id is filled in once the delivery is recorded).
  state.responseTargets.set(key, {
    interaction: '',
    channel: channel.id,
    messageTs: message.ts,
    isEphemeral: false,
    user: user.id,
    createdAt: now,
    uses: 0,
  });
  const pending = deliverInteraction(core, socket, payload, opts.via ?? 'auto', {
    kind: 'block_actions',
    user: user.id,
    channel: channel.id,
    messageTs: message.ts,
    actionId: opts.actionId,
    blockId: button.blockId,
    ...(typeof value === 'string' ? { value } : {}),
    responseUrl,
    triggerId,
  });
  return pending.then((record) => {
    const target = state.responseTargets.get(key);
    if (target) target.interaction = record.id;
    return record;
  });
}
