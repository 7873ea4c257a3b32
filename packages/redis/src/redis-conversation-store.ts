import { createHash } from 'node:crypto';
import type { ConversationState, ConversationStore } from '@backend-notifier/core';
import type { Redis } from 'ioredis';
import { luaScript, runScript } from './run-script.js';

/** Options of the Redis conversation store. */
export interface RedisConversationStoreOptions {
  /** Prefix of every key (the outbox's, so replicas that share an outbox share conversations). */
  prefix: string;
  /** Conversations kept (all replicas); past it, resolved ones go first, then the quietest open ones. @default 10000 */
  maxConversations?: number;
  /** Resolves once the client is connected (the store's connect wait); calls wait for it first. @default none */
  ready?: () => Promise<unknown> | undefined;
}

// ARGV: prefix, id, expected version, state JSON, status, lastAt, resolvedAt, max.
// One hash per conversation (v = version, s = state), a sorted set of open ids by last event and one of
// resolved ids by resolution: the sweep reads the first, eviction takes from the second first.
const PUT = luaScript(`
local p = ARGV[1]
local id = ARGV[2]
local k = p .. ':conv:' .. id
local openKey = p .. ':conv:open'
local doneKey = p .. ':conv:done'
local cur = tonumber(redis.call('HGET', k, 'v') or '0')
if cur ~= tonumber(ARGV[3]) then return 0 end
local v = cur + 1
redis.call('HSET', k, 'v', v, 's', ARGV[4])
if ARGV[5] == 'open' then
  redis.call('ZADD', openKey, ARGV[6], id)
  redis.call('ZREM', doneKey, id)
else
  redis.call('ZADD', doneKey, ARGV[7], id)
  redis.call('ZREM', openKey, id)
end
if cur == 0 then
  local max = tonumber(ARGV[8])
  local n = redis.call('ZCARD', openKey) + redis.call('ZCARD', doneKey)
  if n > max then
    local excess = n - math.floor(max * 0.9)
    for _, set in ipairs({ doneKey, openKey }) do
      if excess <= 0 then break end
      local victims = redis.call('ZRANGE', set, 0, excess)
      for _, victim in ipairs(victims) do
        if excess > 0 and victim ~= id then
          redis.call('DEL', p .. ':conv:' .. victim)
          redis.call('ZREM', set, victim)
          excess = excess - 1
        end
      end
    end
  end
end
return v
`);

/**
 * Conversation ids in keys are a hash of channel and key: a key never carries what a notification said (an
 * explicit `key` is user data), and never a secret. The state JSON holds what the notifications said, as
 * the outbox entries do.
 */
function idOf(channel: string, key: string): string {
  return createHash('sha256').update(`${channel}\u0000${key}`).digest('hex').slice(0, 32);
}

/**
 * Conversation state on Redis, shared by every replica on the same prefix: a second replica continues the
 * same Slack message with the right count. A write is compare-and-set on the version, in one Lua script.
 * Calls reject while Redis is unreachable (the notifier then falls back to its memory conversations).
 */
export function createRedisConversationStore(
  redis: Redis,
  options: RedisConversationStoreOptions,
): ConversationStore {
  const { prefix } = options;
  const max = Math.max(1, Math.floor(options.maxConversations ?? 10_000));
  const parse = (json: string | null | undefined): ConversationState | undefined =>
    typeof json === 'string' ? (JSON.parse(json) as ConversationState) : undefined;
  return {
    async get(channel, key) {
      await options.ready?.();
      const [v, s] = await redis.hmget(`${prefix}:conv:${idOf(channel, key)}`, 'v', 's');
      const state = parse(s);
      if (state === undefined || v === null) return undefined;
      return { state, version: Number(v) };
    },
    async put(state, expected) {
      await options.ready?.();
      const resolvedAt = state.status === 'resolved' ? (state.resolvedAt ?? state.lastAt) : 0;
      const v = await runScript(redis, PUT, [
        prefix,
        idOf(state.channel, state.key),
        String(expected),
        JSON.stringify(state),
        state.status,
        String(state.lastAt),
        String(resolvedAt),
        String(max),
      ]);
      return Number(v) > 0 ? Number(v) : false;
    },
    async listOpen(limit) {
      await options.ready?.();
      if (limit <= 0) return [];
      const ids = await redis.zrange(`${prefix}:conv:open`, '0', String(limit - 1));
      if (ids.length === 0) return [];
      const pipe = redis.pipeline();
      for (const id of ids) pipe.hget(`${prefix}:conv:${id}`, 's');
      const out: ConversationState[] = [];
      for (const [error, json] of (await pipe.exec()) ?? []) {
        const state = error ? undefined : parse(json as string | null);
        if (state !== undefined) out.push(state);
      }
      return out;
    },
    async size() {
      await options.ready?.();
      const [open, done] = await Promise.all([
        redis.zcard(`${prefix}:conv:open`),
        redis.zcard(`${prefix}:conv:done`),
      ]);
      return open + done;
    },
  };
}
