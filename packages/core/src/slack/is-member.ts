import type { ConversationsMembersResponse } from '@slack/web-api';
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
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await call<ConversationsMembersResponse>('conversations.members', {
      channel: channelId,
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
    });
    if (!res.ok) {
      if (res.failure.code === 'missing_scope') {
        return {
          ok: false,
          failure: {
            kind: 'permanent',
            code: 'missing_scope',
            detail: 'checking membership needs channels:read / groups:read',
          },
        };
      }
      return res;
    }
    if (res.value.members?.includes(botUserId)) return { ok: true, value: true };
    cursor = res.value.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return { ok: true, value: false };
}
