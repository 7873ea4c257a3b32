/**
 * The Lua scripts behind the Redis outbox. Each runs atomically on the server, so several replicas can add,
 * claim and pace against the same keys without races. Times come from the server's `TIME`, never from the
 * callers' clocks, so replicas with skewed clocks still agree on slots, pauses and locks.
 *
 * Keys (P = the prefix): `P:items` id → item JSON · `P:meta` id → "rank:seq:channel" · `P:age` id by
 * acceptedAt · `P:q:<rank>:<channel>` waiting ids by seq · `P:ev:<rank>` waiting ids by seq, all channels
 * (eviction) · `P:chans` channels with waiting items · `P:inflight` claimed ids by lock expiry ·
 * `P:owner` id → claiming instance · `P:amb` ids recovered from a dead claim · `P:dead` dead letters ·
 * `P:tat:<channel>` next send slot · `P:pause:<channel>` 429 pause end · `P:last:<channel>`,
 * `P:sending:<channel>`, `P:done:<channel>` the channel's last send · `P:fp:<fp>`, `P:fpn:<fp>` dedupe ·
 * `P:epoch` the data set's marker (a random value, written when missing: a changed or missing marker means
 * Redis lost the outbox) · `P:fresh` the 15 minutes after a marker was written · `P:rq` ids stored again
 * after a loss · `P:gone:<id>` an id settled after a loss (15 min), so a copy held elsewhere is not stored
 * again.
 * Pub/sub channel `P:work`: names of channels whose claims expired and went back to waiting.
 * Every key is built from ARGV[1] (the prefix), so standalone Redis is required, or a Cluster with a
 * `{hash-tag}` prefix that puts every key in one slot.
 */

export const COMMON = `
local P = ARGV[1]
local function nowms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function parse(meta)
  local r, s, c = string.match(meta, '^(%d):([^:]+):(.*)$')
  return r, s, c
end
local function qkey(r, c) return P .. ':q:' .. r .. ':' .. c end
local function enqueue(id, r, s, c)
  redis.call('ZADD', qkey(r, c), s, id)
  redis.call('ZADD', P .. ':ev:' .. r, s, id)
  redis.call('SADD', P .. ':chans', c)
end
local function unqueue(id, r, c)
  redis.call('ZREM', qkey(r, c), id)
  redis.call('ZREM', P .. ':ev:' .. r, id)
end
local function refresh_chan(c)
  if redis.call('ZCARD', qkey(0, c)) + redis.call('ZCARD', qkey(1, c)) + redis.call('ZCARD', qkey(2, c)) == 0 then
    redis.call('SREM', P .. ':chans', c)
  end
end
local function forget(id)
  local meta = redis.call('HGET', P .. ':meta', id)
  if not meta then return false end
  local r, s, c = parse(meta)
  unqueue(id, r, c)
  redis.call('HDEL', P .. ':items', id)
  redis.call('HDEL', P .. ':meta', id)
  redis.call('HDEL', P .. ':amb', id)
  redis.call('HDEL', P .. ':rq', id)
  redis.call('HDEL', P .. ':owner', id)
  redis.call('ZREM', P .. ':inflight', id)
  redis.call('ZREM', P .. ':age', id)
  refresh_chan(c)
  return true
end
-- The data set's marker, created with the candidate when missing (Redis restarted empty, or was flushed).
-- A new marker opens a window (P:fresh, 15 min) in which every settled id leaves a tombstone: the replicas
-- store their items again shortly after a loss, and an item another replica settled meanwhile (its owner
-- has not heard of it yet) must not come back.
local function marker(candidate)
  local cur = redis.call('GET', P .. ':epoch')
  if cur then return cur end
  redis.call('SET', P .. ':epoch', candidate)
  redis.call('SET', P .. ':fresh', '1', 'PX', 900000)
  return candidate
end
-- Settles the id for good. A tombstone (15 min) keeps it from being stored again when it was missing (lost
-- with the data set: another process may hold a copy), was such a copy, or the data set is fresh.
local function settle(id)
  local copy = redis.call('HEXISTS', P .. ':rq', id) == 1
  local held = forget(id)
  if copy or not held or redis.call('EXISTS', P .. ':fresh') == 1 then
    redis.call('SET', P .. ':gone:' .. id, '1', 'PX', 900000)
  end
  if held then return 1 end
  return 0
end
-- The channel's send in flight (marked by CONFIRM) is over: the next one may go, a gap after this moment.
local function finish(id, c)
  if c == '' then return end
  local key = P .. ':sending:' .. c
  if redis.call('GET', key) == id then
    redis.call('DEL', key)
    redis.call('SET', P .. ':done:' .. c, tostring(nowms()), 'PX', 600000)
  end
end
-- Claims whose lock expired (their process died or hung) go back to waiting at their place, ambiguous.
local function sweep(now, limit)
  local ids = redis.call('ZRANGEBYSCORE', P .. ':inflight', '-inf', now, 'LIMIT', 0, limit)
  for _, id in ipairs(ids) do
    redis.call('ZREM', P .. ':inflight', id)
    redis.call('HDEL', P .. ':owner', id)
    local meta = redis.call('HGET', P .. ':meta', id)
    if meta then
      redis.call('HSET', P .. ':amb', id, '1')
      local r, s, c = parse(meta)
      enqueue(id, r, s, c)
      -- Its holder is gone: it no longer holds the channel's send either.
      if redis.call('GET', P .. ':sending:' .. c) == id then redis.call('DEL', P .. ':sending:' .. c) end
      -- Wake idle replicas (those that watch): this channel has work again.
      redis.call('PUBLISH', P .. ':work', c)
    end
  end
  return #ids
end
`;

/**
 * ARGV: P, id, rank, seq, channel, acceptedAt, json, maxItems, requeue ('1'|'0') → {'ok'} | {'dup'} | {'self'}
 * | {'evicted', json}; with requeue (an item stored again after the data set was lost) also {'gone'} (it was
 * settled meanwhile) or {'full'} (no room: it does not evict anything).
 */
export const ADD = `${COMMON}
local id, rank, seq, c, at, json, max = ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local requeue = ARGV[9] == '1'
if redis.call('HEXISTS', P .. ':meta', id) == 1 then return {'dup'} end
if requeue then
  if redis.call('EXISTS', P .. ':gone:' .. id) == 1 then return {'gone'} end
  if redis.call('HLEN', P .. ':meta') >= max then return {'full'} end
  redis.call('HSET', P .. ':rq', id, '1')
end
local victim
if redis.call('HLEN', P .. ':meta') >= max then
  for r = 2, 0, -1 do
    local v = redis.call('ZRANGE', P .. ':ev:' .. r, 0, 0)
    if v[1] then victim = v[1] break end
    if r == rank then return {'self'} end
  end
  if not victim then return {'self'} end
end
local vjson
if victim then
  vjson = redis.call('HGET', P .. ':items', victim)
  forget(victim)
end
redis.call('HSET', P .. ':items', id, json)
redis.call('HSET', P .. ':meta', id, rank .. ':' .. seq .. ':' .. c)
redis.call('ZADD', P .. ':age', at, id)
enqueue(id, rank, seq, c)
if vjson then return {'evicted', vjson} end
return {'ok'}
`;

/** ARGV: P, channel, owner, lockMs, marker candidate → false | {json, ambiguous '1'|'0', data set marker} */
export const CLAIM = `${COMMON}
local c, owner, lock = ARGV[2], ARGV[3], tonumber(ARGV[4])
local now = nowms()
local epoch = marker(ARGV[5])
sweep(now, 100)
for r = 0, 2 do
  local v = redis.call('ZRANGE', qkey(r, c), 0, 0)
  local id = v[1]
  if id then
    unqueue(id, r, c)
    redis.call('ZADD', P .. ':inflight', now + lock, id)
    redis.call('HSET', P .. ':owner', id, owner)
    local amb = redis.call('HGET', P .. ':amb', id)
    refresh_chan(c)
    return {redis.call('HGET', P .. ':items', id), amb and '1' or '0', epoch}
  end
end
redis.call('SREM', P .. ':chans', c)
return false
`;

/** ARGV: P, id, channel → 1 when it was held */
export const ACK = `${COMMON}
finish(ARGV[2], ARGV[3])
return settle(ARGV[2])
`;

/** ARGV: P, id, channel : the send of an item that is not in Redis (claimed from the fallback) is over. */
export const FINISH = `${COMMON}
finish(ARGV[2], ARGV[3])
return 1
`;

/**
 * ARGV: P, id, json, channel, claim marker, rank, seq, acceptedAt → 1 when put back, 2 when stored again (it
 * was claimed before the data set was lost: the releasing process holds the only copy), 0 when it is gone
 * (settled elsewhere).
 */
export const RELEASE = `${COMMON}
local id, json, c = ARGV[2], ARGV[3], ARGV[4]
finish(id, c)
local meta = redis.call('HGET', P .. ':meta', id)
if not meta then
  local claimed = ARGV[5]
  if claimed == '' or redis.call('GET', P .. ':epoch') == claimed then return 0 end
  if redis.call('EXISTS', P .. ':gone:' .. id) == 1 then return 0 end
  redis.call('HSET', P .. ':items', id, json)
  redis.call('HSET', P .. ':meta', id, ARGV[6] .. ':' .. ARGV[7] .. ':' .. c)
  redis.call('ZADD', P .. ':age', ARGV[8], id)
  redis.call('HSET', P .. ':rq', id, '1')
  enqueue(id, ARGV[6], ARGV[7], c)
  return 2
end
redis.call('HSET', P .. ':items', id, json)
redis.call('HDEL', P .. ':amb', id)
if redis.call('ZREM', P .. ':inflight', id) == 1 then
  redis.call('HDEL', P .. ':owner', id)
  local r, s, c = parse(meta)
  enqueue(id, r, s, c)
end
return 1
`;

/** ARGV: P, id, letter JSON, maxDeadLetters, channel */
export const DEAD_LETTER = `${COMMON}
finish(ARGV[2], ARGV[5])
settle(ARGV[2])
redis.call('RPUSH', P .. ':dead', ARGV[3])
redis.call('LTRIM', P .. ':dead', -tonumber(ARGV[4]), -1)
return 1
`;

/** ARGV: P, owner, lockMs, ids… → ids this owner no longer holds (lock lost or item gone) */
export const HEARTBEAT = `${COMMON}
local owner, lock = ARGV[2], tonumber(ARGV[3])
local now = nowms()
local lost = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('HGET', P .. ':owner', id) == owner then
    redis.call('ZADD', P .. ':inflight', 'XX', now + lock, id)
  else
    table.insert(lost, id)
  end
end
return lost
`;

/** ARGV: P, owner, ids… : this instance gives up its claims (close, recover): they expire now. */
export const EXPIRE_OWNED = `${COMMON}
for i = 3, #ARGV do
  if redis.call('HGET', P .. ':owner', ARGV[i]) == ARGV[2] then
    redis.call('ZADD', P .. ':inflight', 'XX', 0, ARGV[i])
  end
end
return 1
`;

/** ARGV: P, marker candidate → the data set's marker (created when missing) */
export const EPOCH = `${COMMON}
return marker(ARGV[2])
`;

/** ARGV: P, limit → number of expired claims put back */
export const SWEEP = `${COMMON}
return sweep(nowms(), tonumber(ARGV[2]))
`;

/** ARGV: P → {items held, in flight, oldest acceptedAt or false} */
export const DEPTH = `${COMMON}
local oldest = redis.call('ZRANGE', P .. ':age', 0, 0, 'WITHSCORES')
return {redis.call('HLEN', P .. ':meta'), redis.call('ZCARD', P .. ':inflight'), oldest[2] or false}
`;
