import type { ConversationsHistoryResponse } from '@slack/web-api';
import { findInPages, optionalScopeFailure } from './find-in-pages.js';
import type { SlackResult } from './gateway-types.js';
import type { SlackCall } from './slack-caller.js';

/** The `event_type` every message of the notifier carries in its Slack metadata. */
export const METADATA_EVENT_TYPE = 'backend_notifier';

/** A budget of history calls (Slack's method tier), shared by every look-up of one notifier. */
export interface HistoryBudget {
  /** Ms until one more call may be made (0 = now). */
  waitMs(): number;
  /** Spend one call. */
  take(): void;
}

/** Options of {@link findPosted}. */
export interface FindPostedOptions {
  /** Messages per `conversations.history` page. @default 50 */
  pageSize?: number;
  /** Pages to read at most (history calls are rate-limited, Tier 1 for non-Marketplace apps). @default 3 */
  maxPages?: number;
  /**
   * Every page after the first is charged to this budget (the caller checks it and spends the first when it
   * decides to look). The walk is never cut: a budget spent by a long walk makes the next look-up wait.
   * @default no budget
   */
  budget?: HistoryBudget;
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
  const { pageSize = 50, maxPages = 3, threadTs, budget } = options;
  // Thread replies are not in `conversations.history`; they are read from their thread.
  const method = threadTs ? 'conversations.replies' : 'conversations.history';
  // A second before `oldestMs` covers clock skew between us and Slack; the id match keeps it exact.
  const oldest = (Math.max(0, oldestMs - 1_000) / 1000).toFixed(6);
  const res = await findInPages<ConversationsHistoryResponse, string>(
    budget === undefined ? call : withBudget(call, budget),
    method,
    {
      channel: channelId,
      ...(threadTs ? { ts: threadTs } : {}),
      oldest,
      inclusive: true,
      include_all_metadata: true,
      limit: pageSize,
    },
    maxPages,
    (page) => page.messages?.find((m) => isOurs(m, id))?.ts,
  );
  return optionalScopeFailure(res, 'reading channel history needs channels:history / groups:history');
}

/** `call`, charging every call after the first to `budget`. */
function withBudget(call: SlackCall, budget: HistoryBudget): SlackCall {
  let calls = 0;
  return ((method: string, args?: Record<string, unknown>) => {
    if (calls++ > 0) budget.take();
    return call(method, args);
  }) as SlackCall;
}

function isOurs(message: { metadata?: unknown; ts?: string }, id: string): boolean {
  const meta = message.metadata as { event_type?: unknown; event_payload?: { id?: unknown } } | undefined;
  return (
    meta?.event_type === METADATA_EVENT_TYPE &&
    meta.event_payload?.id === id &&
    typeof message.ts === 'string'
  );
}
