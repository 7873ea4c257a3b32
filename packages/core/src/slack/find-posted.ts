import type { ConversationsHistoryResponse } from '@slack/web-api';
import type { SlackResult } from './gateway-types.js';
import type { SlackCall } from './slack-caller.js';

/** The `event_type` every message of the notifier carries in its Slack metadata. */
export const METADATA_EVENT_TYPE = 'backend_notifier';

/** Options of {@link findPosted}. */
export interface FindPostedOptions {
  /** Messages per `conversations.history` page. @default 50 */
  pageSize?: number;
  /** Pages to read at most (history calls are rate-limited, Tier 1 for non-Marketplace apps). @default 3 */
  maxPages?: number;
}

/**
 * Looks in the channel history (or in the thread `threadTs`, via `conversations.replies`), from `oldestMs` on, for a message whose metadata is
 * `{ event_type: 'backend_notifier', event_payload: { id } }`; its `ts` when found, `undefined` when not.
 *
 * A failure means "unknown": the history could not be read (no `channels:history`/`groups:history` scope:
 * `missing_scope` with `kind: 'permanent'`, not `auth`, so the circuit stays closed; or a rate limit,
 * timeout…). The pipeline then decides between re-posting (possible duplicate) and waiting.
 */
export async function findPosted(
  call: SlackCall,
  channelId: string,
  id: string,
  oldestMs: number,
  options: FindPostedOptions & { threadTs?: string } = {},
): Promise<SlackResult<string | undefined>> {
  const { pageSize = 50, maxPages = 3, threadTs } = options;
  // Thread replies are not in `conversations.history`; they are read from their thread.
  const method = threadTs ? 'conversations.replies' : 'conversations.history';
  // A second before `oldestMs` covers clock skew between us and Slack; the id match keeps it exact.
  const oldest = (Math.max(0, oldestMs - 1_000) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await call<ConversationsHistoryResponse>(method, {
      channel: channelId,
      ...(threadTs ? { ts: threadTs } : {}),
      oldest,
      inclusive: true,
      include_all_metadata: true,
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
            detail: 'reading channel history needs channels:history / groups:history',
          },
        };
      }
      return res;
    }
    for (const m of res.value.messages ?? []) {
      const meta = m.metadata as { event_type?: unknown; event_payload?: { id?: unknown } } | undefined;
      if (
        meta?.event_type === METADATA_EVENT_TYPE &&
        meta.event_payload?.id === id &&
        typeof m.ts === 'string'
      ) {
        return { ok: true, value: m.ts };
      }
    }
    cursor = res.value.response_metadata?.next_cursor || undefined;
    if (!cursor || res.value.has_more === false) break;
  }
  return { ok: true, value: undefined };
}
