/**
 * The pacing and dedupe scripts of the Redis outbox (see `scripts.ts` for the keys): GCRA send slots, the
 * 429 pause, the last check before a send, and the repeat counter of a fingerprint.
 */
import { COMMON } from './scripts.js';

/**
 * ARGV: P, channel, intervalMs, burst → ms to wait (as a string, fractional). GCRA: the channel's theoretical
 * arrival time moves one interval per reservation, so sends stay `interval` apart across every replica
 * and a burst is only possible after idle time (never a fixed-window double burst). A 429 pause pushes
 * the slot past its end. The same script holds the notifier's Slack budget buckets across replicas
 * (`budget|<method>` in place of a channel, see `createRedisSharedBudget`): slots are reserved by time,
 * atomically, exactly `interval` apart.
 */
export const RESERVE = `${COMMON}
local c, interval, burst = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local now = nowms()
local tatkey = P .. ':tat:' .. c
local tat = tonumber(redis.call('GET', tatkey)) or 0
local pause = tonumber(redis.call('GET', P .. ':pause:' .. c)) or 0
local start = math.max(tat, now, pause)
local newtat = start + interval
local at = math.max(now, pause, newtat - burst * interval)
redis.call('SET', tatkey, tostring(newtat), 'PX', math.floor(newtat - now) + 60000)
return tostring(at - now)
`;

/** ARGV: P, channel, durationMs : nobody sends to the channel for that long (keeps the later end). */
export const PAUSE = `${COMMON}
local c, dur = ARGV[2], tonumber(ARGV[3])
local key = P .. ':pause:' .. c
local untilms = nowms() + dur
local cur = tonumber(redis.call('GET', key)) or 0
if untilms > cur then redis.call('SET', key, tostring(untilms), 'PX', math.floor(dur) + 1000) end
return 1
`;

/** ARGV: P, fingerprint → repeats counted so far in this fingerprint's window */
export const COUNT_REPEAT = `${COMMON}
local key = P .. ':fpn:' .. ARGV[2]
local n = redis.call('INCR', key)
if n == 1 then
  local ttl = redis.call('PTTL', P .. ':fp:' .. ARGV[2])
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) else redis.call('PEXPIRE', key, 60000) end
end
return n
`;

/**
 * ARGV: P, channel, intervalMs, id, capMs, afterDoneRatio, strict ('1'|'0') → {state, ms}: the last check
 * before a send, run
 * when RESERVE's slot has come. 'paused': a 429 pause was set meanwhile (ms left). 'busy': another replica's
 * send on this channel has not finished (ms to poll again). 'early': the previous send started less than
 * `afterDoneRatio × intervalMs` ago (its holder was late), or finished less than that ago (ms to wait); the
 * long-run rate comes from RESERVE's absolute slots, so a late send is caught up by the next ones. 'go': this send is marked in flight (for at most capMs) and recorded as the channel's last start.
 * Without `strict`, only the previous start counts ('busy' and the finish are ignored).
 * Since a request reaches Slack before its answer comes back, "gap after the previous send finished"
 * bounds the gap Slack sees from below, however late a process was scheduled between check and send.
 */
export const CONFIRM = `${COMMON}
local c, interval, id, cap, ratio = ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local strict = ARGV[7] == '1'
local now = nowms()
local pause = tonumber(redis.call('GET', P .. ':pause:' .. c)) or 0
if pause > now then return {'paused', tostring(pause - now)} end
local sendkey = P .. ':sending:' .. c
local sending = redis.call('GET', sendkey)
if strict and sending and sending ~= id then return {'busy', tostring(math.min(10, interval / 10))} end
local lastkey = P .. ':last:' .. c
local last = tonumber(redis.call('GET', lastkey)) or 0
local done = 0
if strict then done = tonumber(redis.call('GET', P .. ':done:' .. c)) or 0 end
local at = math.max(last + interval * ratio, done + interval * ratio)
if now < at then return {'early', tostring(at - now)} end
redis.call('SET', lastkey, tostring(now), 'PX', math.floor(interval) + 600000)
if strict and id ~= '' then redis.call('SET', sendkey, id, 'PX', math.floor(cap)) end
return {'go', '0'}
`;
