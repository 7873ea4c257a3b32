import type {
  ConversationsCreateResponse,
  ConversationsJoinResponse,
  ConversationsListResponse,
} from '@slack/web-api';
import { NotifierError } from '../errors.js';
import type { Logger } from '../types.js';
import { validateChannelName } from './channel-name.js';
import { findInPages } from './find-in-pages.js';
import type { ChannelInfo, SlackFailure, SlackResult } from './gateway-types.js';
import type { SlackCall } from './slack-caller.js';

/** Options of {@link setUpChannel}. */
export interface SetUpChannelOptions {
  /** Create the channel as private when it does not exist. @default false */
  isPrivate?: boolean;
  /** Include private channels when looking the name up (needs `groups:read`). @default true */
  searchPrivate?: boolean;
  /** Page size of `conversations.list`. @default 200 */
  pageSize?: number;
  /** Give up looking after this many pages (20,000 channels at the default page size). @default 100 */
  maxPages?: number;
  /** @default no logging */
  logger?: Logger;
}

// Slack refuses the create call but the channel may well exist: look it up before giving up.
const LOOK_UP_AFTER = new Set(['name_taken', 'missing_scope', 'restricted_action', 'cannot_create_channel']);

type Found = NonNullable<ConversationsListResponse['channels']>[number];

const fail = (failure: SlackFailure): SlackResult<never> => ({ ok: false, failure });

/**
 * The seed's channel flow, done right: `conversations.create`; on `name_taken` (or when creating is not
 * allowed) find the channel with a paginated `conversations.list` (archived ones and, by default, private
 * ones the bot can see included); join it when the bot is not a member. Never throws except for an invalid
 * name (`NotifierError('invalid_options')`, before any call).
 *
 * Chosen behaviour for the cases a bot cannot fix itself (all `kind: 'permanent'` with a `detail` that says
 * how to fix it; {@link channelSetupError} turns one into the start error):
 * - the name belongs to an **archived** channel (`code: 'is_archived'`): bots cannot unarchive (Slack
 *   refuses it for bot tokens), and silently posting elsewhere would hide alerts; a human unarchives it or
 *   picks another name.
 * - the name is taken but no channel of that name is visible (`code: 'channel_not_visible'`): a private
 *   channel the bot is not in; invite the bot (`/invite @app`) or pick another name.
 */
export async function setUpChannel(
  call: SlackCall,
  rawName: string,
  options: SetUpChannelOptions = {},
): Promise<SlackResult<ChannelInfo>> {
  const name = validateChannelName(rawName);
  const { isPrivate = false, logger } = options;
  const created = await call<ConversationsCreateResponse>('conversations.create', {
    name,
    is_private: isPrivate,
  });
  if (created.ok) {
    const id = created.value.channel?.id;
    if (!id)
      return fail({
        kind: 'transient',
        code: 'invalid_response',
        detail: 'conversations.create returned no channel id',
      });
    logger?.info(`Created Slack channel #${name}`, { source: 'backend-notifier', channelId: id });
    return { ok: true, value: { id, name, isPrivate: created.value.channel?.is_private ?? isPrivate } };
  }
  if (!LOOK_UP_AFTER.has(created.failure.code)) return created;

  const found = await findChannelByName(call, name, options);
  if (!found.ok) return found;
  const channel = found.value;
  if (!channel) {
    if (created.failure.code !== 'name_taken') return created;
    return fail({
      kind: 'permanent',
      code: 'channel_not_visible',
      detail: `The name #${name} is taken by a channel the bot cannot see, most likely a private channel it is not a member of. Invite the app to #${name} (/invite @your-app) or choose another channel name.`,
    });
  }
  const info: ChannelInfo = { id: channel.id as string, name, isPrivate: channel.is_private === true };
  if (channel.is_archived) {
    return fail({
      kind: 'permanent',
      code: 'is_archived',
      detail: `The channel #${name} is archived and a bot cannot unarchive it. Unarchive #${name} in Slack (channel settings → Unarchive), or choose another channel name.`,
    });
  }
  if (channel.is_member) return { ok: true, value: info };
  if (info.isPrivate) {
    return fail({
      kind: 'permanent',
      code: 'channel_not_visible',
      detail: `The private channel #${name} exists but the bot is not a member, and bots cannot join private channels by themselves. Invite the app to #${name} (/invite @your-app) or choose another channel name.`,
    });
  }
  const joined = await joinChannel(call, info.id);
  if (!joined.ok) return joined;
  logger?.info(`Joined Slack channel #${name}`, { source: 'backend-notifier', channelId: info.id });
  return { ok: true, value: info };
}

/**
 * Finds a channel by exact name with a paginated `conversations.list` (`limit` 200, archived included,
 * following `response_metadata.next_cursor`). `undefined` when no visible channel has that name.
 */
export async function findChannelByName(
  call: SlackCall,
  name: string,
  options: Pick<SetUpChannelOptions, 'searchPrivate' | 'pageSize' | 'maxPages'> = {},
): Promise<SlackResult<Found | undefined>> {
  const { searchPrivate = true, pageSize = 200, maxPages = 100 } = options;
  const types = searchPrivate ? 'public_channel,private_channel' : 'public_channel';
  return findInPages<ConversationsListResponse, Found>(
    call,
    'conversations.list',
    { types, limit: pageSize, exclude_archived: false },
    maxPages,
    (page) => page.channels?.find((c): c is Found => c.name === name && typeof c.id === 'string'),
  );
}

/** `conversations.join`; `already_in_channel` (a warning on `ok: true`) counts as success. */
export async function joinChannel(call: SlackCall, channelId: string): Promise<SlackResult<void>> {
  const res = await call<ConversationsJoinResponse>('conversations.join', { channel: channelId });
  if (res.ok) return { ok: true, value: undefined };
  if (res.failure.code === 'method_not_supported_for_channel_type') {
    return fail({
      kind: 'permanent',
      code: res.failure.code,
      detail: 'Bots cannot join this kind of channel (a private channel): invite the app to it in Slack.',
    });
  }
  if (res.failure.code === 'is_archived') {
    return fail({
      kind: 'channel_gone',
      code: 'is_archived',
      detail: 'The channel is archived; a bot cannot unarchive it.',
    });
  }
  return res;
}

/** The start error for a channel setup that failed (message from the failure's detail). */
export function channelSetupError(name: string, failure: SlackFailure): NotifierError {
  const why = failure.detail ?? `Slack answered ${failure.code}`;
  return new NotifierError(
    'channel_setup_failed',
    `Could not set up the Slack channel #${name.replace(/^#/, '')}: ${why}`,
    {
      details: { channel: name, kind: failure.kind, code: failure.code },
    },
  );
}
