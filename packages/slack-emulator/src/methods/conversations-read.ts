import { argBool, argInt, argString } from '../body-parser.js';
import { SlackApiError } from '../slack-error.js';
import {
  decodeCursor,
  encodeCursor,
  type MethodContext,
  type MethodDef,
  readLimit,
  requireScopes,
  visibleChannel,
} from './context.js';
import { conversationObject } from './views.js';

const TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);
const TYPE_SCOPES: Record<string, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  mpim: 'mpim:read',
  im: 'im:read',
};

function requireListScopes(ctx: MethodContext, types: string[]): void {
  const accepted = types.map((t) => TYPE_SCOPES[t] ?? 'channels:read');
  ctx.accepted = accepted;
  const missing = accepted.find((s) => !ctx.token.scopes.includes(s));
  if (missing)
    throw new SlackApiError('missing_scope', { needed: missing, provided: ctx.token.scopes.join(',') });
}

/** `conversations.list`: `types`, `exclude_archived`, cursor pagination (archived listed by default). */
export const conversationsList: MethodDef = {
  tier: 't2',
  handle(ctx) {
    const types = (argString(ctx.args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
    if (types.some((t) => !TYPES.has(t))) throw new SlackApiError('invalid_types');
    requireListScopes(ctx, types);
    const limit = readLimit(argInt(ctx.args, 'limit'), 100, 1000);
    const excludeArchived = argBool(ctx.args, 'exclude_archived');
    const viewer = ctx.token.userId;
    const all = [...ctx.ws.channels.values()].filter(
      (c) =>
        (c.isPrivate
          ? types.includes('private_channel') && c.members.includes(viewer)
          : types.includes('public_channel')) && !(excludeArchived && c.isArchived),
    );
    let start = 0;
    const cursor = argString(ctx.args, 'cursor');
    if (cursor) {
      const id = decodeCursor(cursor, 'team');
      start = all.findIndex((c) => c.id === id);
      if (start < 0) throw new SlackApiError('invalid_cursor');
    }
    const page = all.slice(start, start + limit);
    const next = all[start + limit];
    return {
      channels: page.map((c) => conversationObject(ctx.ws, c, viewer, { numMembers: true })),
      response_metadata: { next_cursor: next ? encodeCursor('team', next.id) : '' },
    };
  },
};

/** `conversations.info`. */
export const conversationsInfo: MethodDef = {
  tier: 't3',
  handle(ctx) {
    const ref = argString(ctx.args, 'channel');
    requireScopes(ctx, ctx.ws.findChannel(ref, false)?.isPrivate ?? false);
    const channel = visibleChannel(ctx, ref);
    const numMembers = argBool(ctx.args, 'include_num_members');
    return { channel: conversationObject(ctx.ws, channel, ctx.token.userId, { numMembers }) };
  },
};

/** `conversations.members`: user ids, cursor pagination. */
export const conversationsMembers: MethodDef = {
  tier: 't4',
  handle(ctx) {
    const ref = argString(ctx.args, 'channel');
    requireScopes(ctx, ctx.ws.findChannel(ref, false)?.isPrivate ?? false);
    const channel = visibleChannel(ctx, ref);
    const limit = readLimit(argInt(ctx.args, 'limit'), 100, 1000);
    let start = 0;
    const cursor = argString(ctx.args, 'cursor');
    if (cursor) {
      const id = decodeCursor(cursor, 'user_id');
      start = channel.members.indexOf(id);
      if (start < 0) throw new SlackApiError('invalid_cursor');
    }
    const next = channel.members[start + limit];
    return {
      members: channel.members.slice(start, start + limit),
      response_metadata: { next_cursor: next ? encodeCursor('user_id', next) : '' },
    };
  },
};
