import { argBool, argInt, argString } from '../body-parser.js';
import { SlackApiError } from '../slack-error.js';
import type { Message } from '../types.js';
import { type ChannelState, tsToMicros } from '../workspace.js';
import {
  decodeCursor,
  encodeCursor,
  type MethodContext,
  type MethodDef,
  readLimit,
  requireScopes,
  visibleChannel,
} from './context.js';
import { messageObject } from './views.js';

const TS_ARG = /^\d+(\.\d+)?$/;

/** Channel readable by the caller: bots must be members (`not_in_channel`). */
function readableChannel(ctx: MethodContext): ChannelState {
  const ref = argString(ctx.args, 'channel');
  requireScopes(ctx, ctx.ws.findChannel(ref, false)?.isPrivate ?? false);
  const channel = visibleChannel(ctx, ref);
  if (ctx.token.kind === 'bot' && !channel.members.includes(ctx.token.userId)) {
    throw new SlackApiError('not_in_channel');
  }
  return channel;
}

/** Applies `oldest`/`latest`/`inclusive` (Slack compares ts numerically; exclusive by default). */
function timeWindow(ctx: MethodContext): (m: Message) => boolean {
  const oldest = argString(ctx.args, 'oldest');
  const latest = argString(ctx.args, 'latest');
  if (oldest !== undefined && !TS_ARG.test(oldest)) throw new SlackApiError('invalid_ts_oldest');
  if (latest !== undefined && !TS_ARG.test(latest)) throw new SlackApiError('invalid_ts_latest');
  const inclusive = argBool(ctx.args, 'inclusive');
  const lo = oldest === undefined ? Number.NEGATIVE_INFINITY : tsToMicros(oldest);
  const hi = latest === undefined ? Number.POSITIVE_INFINITY : tsToMicros(latest);
  return (m) => {
    const t = tsToMicros(m.ts);
    return inclusive ? t >= lo && t <= hi : t > lo && t < hi;
  };
}

function paginate(ctx: MethodContext, items: Message[]): { page: Message[]; nextCursor: string } {
  const limit = readLimit(
    argInt(ctx.args, 'limit'),
    Math.min(100, ctx.limits.historyMaxLimit),
    ctx.limits.historyMaxLimit,
  );
  let start = 0;
  const cursor = argString(ctx.args, 'cursor');
  if (cursor) {
    const ts = decodeCursor(cursor, 'next_ts');
    start = items.findIndex((m) => m.ts === ts);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const next = items[start + limit];
  return {
    page: items.slice(start, start + limit),
    nextCursor: next ? encodeCursor('next_ts', next.ts) : '',
  };
}

/** `conversations.history`: top-level messages and broadcast thread replies, newest first. */
export const conversationsHistory: MethodDef = {
  tier: 't3',
  handle(ctx) {
    const channel = readableChannel(ctx);
    const inWindow = timeWindow(ctx);
    const metadata = argBool(ctx.args, 'include_all_metadata');
    const top = channel.messages
      .filter((m) => !m.deleted && (!m.threadTs || m.threadTs === m.ts || m.broadcast) && inWindow(m))
      .reverse();
    const { page, nextCursor } = paginate(ctx, top);
    return {
      messages: page.map((m) => messageObject(ctx.ws, channel, m, { metadata })),
      has_more: nextCursor !== '',
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: { next_cursor: nextCursor },
    };
  },
};

/** `conversations.replies`: the parent then its replies, oldest first. */
export const conversationsReplies: MethodDef = {
  tier: 't3',
  handle(ctx) {
    const channel = readableChannel(ctx);
    const ts = argString(ctx.args, 'ts');
    const parent = ctx.ws.findMessage(channel, ts);
    if (!parent || !ts) throw new SlackApiError('thread_not_found');
    const root =
      parent.threadTs && parent.threadTs !== parent.ts
        ? ctx.ws.findMessage(channel, parent.threadTs)
        : parent;
    if (!root) throw new SlackApiError('thread_not_found');
    const inWindow = timeWindow(ctx);
    const metadata = argBool(ctx.args, 'include_all_metadata');
    const thread = [root, ...ctx.ws.replies(channel, root.ts)].filter(inWindow);
    const { page, nextCursor } = paginate(ctx, thread);
    return {
      messages: page.map((m) => messageObject(ctx.ws, channel, m, { metadata })),
      has_more: nextCursor !== '',
      response_metadata: { next_cursor: nextCursor },
    };
  },
};
