import type { AuthTestResponse, ChatGetPermalinkResponse, ChatPostMessageResponse } from '@slack/web-api';
import type { BudgetPriority, SlackBudget, SlackBudgetOptions } from '../budget/budget-types.js';
import { createSlackBudget } from '../budget/create-slack-budget.js';
import type { Logger } from '../types.js';
import { joinChannel, setUpChannel } from './channel-setup.js';
import { createWebClient } from './create-web-client.js';
import { type FindPostedOptions, findPosted, METADATA_EVENT_TYPE } from './find-posted.js';
import type { AuthInfo, ChannelInfo, SlackGateway, SlackMessage, SlackResult } from './gateway-types.js';
import { type IsMemberOptions, isMember } from './is-member.js';
import { ABORTED, createSlackCall, type SlackCall } from './slack-caller.js';
import { createTokenProvider, type TokenSource } from './token-provider.js';

/** Options of {@link createSlackGateway}. */
export interface SlackGatewayOptions {
  /** A bot token (`xoxb-…`) or a function returning one (asked again after `refreshToken()`). */
  token: TokenSource;
  /** Base URL of the Slack Web API. @default 'https://slack.com/api/' */
  slackApiUrl?: string;
  /** Per-request timeout in ms; a timed-out request is an `ambiguous` failure. @default 10_000 */
  timeoutMs?: number;
  /** Receives setup info lines and the SDK's log lines (at debug, token redacted). @default no logging */
  logger?: Logger;
  /** How far `findPosted` reads back. @default { pageSize: 50, maxPages: 3 } */
  findPosted?: FindPostedOptions;
  /** Paging of `isMember`. @default { pageSize: 200, maxPages: 50 } */
  isMember?: IsMemberOptions;
  /** Page size of `conversations.list` while looking a channel up. @default 200 */
  listPageSize?: number;
  /**
   * The one Slack budget every call of this gateway waits on (or the options of a new one). `abort()`
   * closes it.
   * @default createSlackBudget() (Slack's published rates × 0.96)
   */
  budget?: SlackBudget | SlackBudgetOptions;
}

const isBudget = (b: SlackBudget | SlackBudgetOptions | undefined): b is SlackBudget =>
  typeof (b as SlackBudget | undefined)?.acquire === 'function';

const fromAuthTest = (res: AuthTestResponse): SlackResult<AuthInfo> => {
  if (!res.user_id || !res.team_id) {
    return {
      ok: false,
      failure: {
        kind: 'transient',
        code: 'invalid_response',
        detail: 'auth.test returned no user_id/team_id',
      },
    };
  }
  const scopes = res.response_metadata?.scopes;
  return {
    ok: true,
    value: {
      teamId: res.team_id,
      userId: res.user_id,
      ...(res.bot_id ? { botId: res.bot_id } : {}),
      scopes: scopes ?? [],
      scopesKnown: scopes !== undefined,
    },
  };
};

/**
 * The Slack layer: the only code that talks to Slack. One `WebClient` (no retries, 429s rejected, finite
 * timeout) and a token provider; every method returns a {@link SlackResult} and never throws for a Slack or
 * network problem. `ensureChannel` throws `NotifierError('invalid_options')` for an invalid channel name.
 *
 * Caches: the token (until `refreshToken()`), the scopes of the last `authTest()` (to skip history look-ups
 * the token cannot make and to leave private channels out of the name search without `groups:read`), and
 * the channel per name (dropped on `refresh: true` or on any `channel_gone` answer for its id).
 */
export function createSlackGateway(options: SlackGatewayOptions): SlackGateway {
  const { logger, listPageSize = 200 } = options;
  const stop = new AbortController();
  const client = createWebClient({
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(logger === undefined ? {} : { logger }),
    signal: stop.signal,
  });
  const tokens = createTokenProvider(options.token);
  const rawCall = createSlackCall(client, tokens, stop.signal);
  const budget = isBudget(options.budget) ? options.budget : createSlackBudget(options.budget);
  // Calls in flight, so abort() can tell when the last one has returned.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const channels = new Map<string, ChannelInfo>();
  const setups = new Map<string, Promise<SlackResult<ChannelInfo>>>();
  let auth: AuthInfo | undefined;

  const forgetChannel = (channelId: string) => {
    for (const [name, info] of channels) if (info.id === channelId) channels.delete(name);
  };
  // Every call waits for its slot in the budget first (the one place that holds Slack's rates), and a 429
  // pauses that call's bucket only. Any answer saying a channel is gone invalidates what we cached about
  // it, so the next ensureChannel runs the full setup again (deleted → created anew, archived → reported).
  const paced = async <T>(
    method: string,
    args: Record<string, unknown> | undefined,
    priority?: BudgetPriority,
  ): Promise<SlackResult<T>> => {
    inFlight++;
    try {
      const channel = typeof args?.channel === 'string' ? args.channel : undefined;
      // abort() closes the budget, which answers every waiting call false: no listener per call on `stop`.
      if (stop.signal.aborted || !(await budget.acquire({ method, channel, priority }))) return ABORTED;
      const res = await rawCall(method, args);
      if (!res.ok && res.failure.kind === 'rate_limited')
        budget.penalize(method, channel, res.failure.retryAfterMs);
      if (!res.ok && res.failure.kind === 'channel_gone' && channel !== undefined) forgetChannel(channel);
      return res as never;
    } finally {
      if (--inFlight === 0) drained?.();
    }
  };
  const call: SlackCall = (method, args) => paced(method, args);
  const hasScope = (scope: string) => !auth?.scopesKnown || auth.scopes.includes(scope);

  return {
    budget,

    async authTest() {
      const res = await call<AuthTestResponse>('auth.test');
      if (!res.ok) return res;
      const info = fromAuthTest(res.value);
      if (info.ok) auth = info.value;
      return info;
    },

    ensureChannel(name, opts = {}) {
      const key = name.replace(/^#/, '');
      const cached = channels.get(key);
      if (cached && !opts.refresh) return Promise.resolve({ ok: true, value: cached });
      // Concurrent setups of one name share one run (the dispatcher of several messages may all see
      // channel_gone at once); without this the second would race into name_taken.
      const running = setups.get(key);
      if (running) return running;
      const run = setUpChannel(call, name, {
        isPrivate: opts.isPrivate ?? false,
        searchPrivate: hasScope('groups:read'),
        pageSize: listPageSize,
        ...(logger === undefined ? {} : { logger }),
      })
        .then((res) => {
          if (res.ok) channels.set(key, res.value);
          else channels.delete(key);
          return res;
        })
        .finally(() => setups.delete(key));
      setups.set(key, run);
      return run;
    },

    join(channelId) {
      return joinChannel(call, channelId);
    },

    async postMessage(channelId, message: SlackMessage, meta) {
      const res = await paced<ChatPostMessageResponse>(
        'chat.postMessage',
        {
          channel: channelId,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.attachments ? { attachments: message.attachments } : {}),
          ...(meta.threadTs ? { thread_ts: meta.threadTs } : {}),
          metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { id: meta.id } },
          unfurl_links: false,
          unfurl_media: false,
        },
        meta.priority,
      );
      if (!res.ok) return res;
      if (typeof res.value.ts !== 'string') {
        // Slack said ok but gave no ts: treat as ambiguous so the pipeline looks it up instead of re-posting.
        return {
          ok: false,
          failure: { kind: 'ambiguous', code: 'timeout', detail: 'chat.postMessage returned no ts' },
        };
      }
      return { ok: true, value: { ts: res.value.ts } };
    },

    async update(channelId, ts, message, priority) {
      const res = await paced(
        'chat.update',
        {
          channel: channelId,
          ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.attachments ? { attachments: message.attachments } : {}),
        },
        priority,
      );
      return res.ok ? { ok: true, value: undefined } : res;
    },

    async permalink(channelId, ts) {
      const res = await call<ChatGetPermalinkResponse>('chat.getPermalink', {
        channel: channelId,
        message_ts: ts,
      });
      if (!res.ok) return res;
      if (typeof res.value.permalink !== 'string') {
        return {
          ok: false,
          failure: {
            kind: 'transient',
            code: 'invalid_response',
            detail: 'chat.getPermalink returned no permalink',
          },
        };
      }
      return { ok: true, value: res.value.permalink };
    },

    async findPosted(channelId, id, oldestMs, threadTs) {
      const known = [...channels.values()].find((c) => c.id === channelId);
      const scope = known?.isPrivate
        ? ['groups:history']
        : known
          ? ['channels:history']
          : ['channels:history', 'groups:history'];
      if (!scope.some(hasScope)) {
        return {
          ok: false,
          failure: {
            kind: 'permanent',
            code: 'missing_scope',
            detail: `reading channel history needs ${scope.join(' or ')}`,
          },
        };
      }
      return findPosted(call, channelId, id, oldestMs, {
        ...options.findPosted,
        ...(threadTs ? { threadTs } : {}),
      });
    },

    isMember(channelId, botUserId) {
      return isMember(call, channelId, botUserId, options.isMember);
    },

    refreshToken() {
      tokens.refresh();
    },

    abort() {
      stop.abort(new DOMException('the notifier closed', 'AbortError'));
      budget.close();
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        drained = resolve;
      });
    },
  };
}
