import type { WebAPICallResult } from '@slack/web-api';
import type { SlackFailure, SlackResult } from './gateway-types.js';
import type { SlackCall } from './slack-caller.js';

/** What every cursor-paginated Slack answer has in common. */
interface PagedResult extends WebAPICallResult {
  has_more?: boolean;
  response_metadata?: WebAPICallResult['response_metadata'] & { next_cursor?: string };
}

/**
 * Calls a cursor-paginated Slack method page by page, following `response_metadata.next_cursor`, until
 * `pick` returns something other than `undefined` or `maxPages` pages were read. A failed call ends the
 * walk with that failure.
 */
export async function findInPages<R extends PagedResult, T>(
  call: SlackCall,
  method: string,
  args: Record<string, unknown>,
  maxPages: number,
  pick: (page: R) => T | undefined,
): Promise<SlackResult<T | undefined>> {
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await call<R>(method, cursor ? { ...args, cursor } : args);
    if (!res.ok) return res;
    const found = pick(res.value);
    if (found !== undefined) return { ok: true, value: found };
    cursor = res.value.response_metadata?.next_cursor || undefined;
    if (!cursor || res.value.has_more === false) break;
  }
  return { ok: true, value: undefined };
}

/**
 * A `missing_scope` answer of an optional read (history look-up, membership check) is `permanent`, not
 * `auth`: the feature is off, but delivery must go on, so the circuit stays closed. Other failures pass.
 */
export function optionalScopeFailure<T>(res: SlackResult<T>, detail: string): SlackResult<T> {
  if (res.ok || res.failure.code !== 'missing_scope') return res;
  const failure: SlackFailure = { kind: 'permanent', code: 'missing_scope', detail };
  return { ok: false, failure };
}
