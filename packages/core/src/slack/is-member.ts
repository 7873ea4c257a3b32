import type { ConversationsMembersResponse } from '@slack/web-api';
import { findInPages, optionalScopeFailure } from './find-in-pages.js';
import type { SlackResult } from './gateway-types.js';
import type { SlackCall } from './slack-caller.js';

/** Options of {@link isMember}. */
export interface IsMemberOptions {
  /** Members per `conversations.members` page. @default 200 */
  pageSize?: number;
  /** Pages to read at most. @default 50 */
  maxPages?: number;
}

/**
 * Whether `botUserId` (the bot's **user** id from `auth.test`, `U…`/`W…`: member lists hold user ids, so
 * the seed's comparison with `bot_id` could never match) is in the channel, via a paginated
 * `conversations.members`. A `missing_scope` answer comes back as `kind: 'permanent'` (a health problem,
 * not a reason to open the delivery circuit).
 */
export async function isMember(
  call: SlackCall,
  channelId: string,
  botUserId: string,
  options: IsMemberOptions = {},
): Promise<SlackResult<boolean>> {
  const { pageSize = 200, maxPages = 50 } = options;
  const res = await findInPages<ConversationsMembersResponse, true>(
    call,
    'conversations.members',
    { channel: channelId, limit: pageSize },
    maxPages,
    (page) => (page.members?.includes(botUserId) ? true : undefined),
  );
  const checked = optionalScopeFailure(res, 'checking membership needs channels:read / groups:read');
  return checked.ok ? { ok: true, value: checked.value === true } : checked;
}
