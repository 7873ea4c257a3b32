import type { DeadLetter, OutboxDepth, OutboxItem, Priority } from '@backend-notifier/core';
import type { Redis } from 'ioredis';
import * as pacing from './pacing-scripts.js';
import { type LuaScript, luaScript, runScript } from './run-script.js';
import * as lua from './scripts.js';

const S = {
  add: luaScript(lua.ADD),
  claim: luaScript(lua.CLAIM),
  ack: luaScript(lua.ACK),
  release: luaScript(lua.RELEASE),
  deadLetter: luaScript(lua.DEAD_LETTER),
  heartbeat: luaScript(lua.HEARTBEAT),
  expireOwned: luaScript(lua.EXPIRE_OWNED),
  sweep: luaScript(lua.SWEEP),
  depth: luaScript(lua.DEPTH),
  epoch: luaScript(lua.EPOCH),
  reserve: luaScript(pacing.RESERVE),
  pause: luaScript(pacing.PAUSE),
  countRepeat: luaScript(pacing.COUNT_REPEAT),
  confirm: luaScript(pacing.CONFIRM),
  finish: luaScript(lua.FINISH),
};

/** What storing an item again after a loss did (see ADD's requeue mode). */
export type RequeueAnswer = 'ok' | 'dup' | 'gone' | 'full';

/** A claimed item and the data set marker it was claimed under. */
export interface Claimed {
  item: OutboxItem;
  epoch: string;
}

/**
 * A channel's next send starts at least one whole interval after the previous send finished (its request
 * reached Slack before that), so Slack sees gaps of at least the interval: a limiter at exactly the rate
 * refuses none (a share below 1 here, as the 0.96 before, let Slack see gaps under its interval).
 */
const AFTER_DONE = 1;

const rankOf = (p: Priority | undefined): number => (p === 'high' ? 0 : p === 'low' ? 2 : 1);

/** What `RedisOutbox` needs to know. */
export interface RedisOutboxConfig {
  prefix: string;
  maxItems: number;
  maxDeadLetters: number;
  lockDurationMs: number;
  /** How long a send may hold its channel before the next replica may send anyway (a dead sender). */
  sendTimeoutMs: number;
  /** Space sends from the previous send's finish (true) or its start (false). */
  strictSpacing: boolean;
  /** This instance's id, written next to its claims so only it renews their locks. */
  owner: string;
}

/**
 * The outbox operations on Redis, one atomic script each. Every method may throw (connection lost,
 * timeout); the store in front of it decides what a failure means.
 */
export class RedisOutbox {
  readonly #redis: Redis;
  readonly #c: RedisOutboxConfig;

  constructor(redis: Redis, config: RedisOutboxConfig) {
    this.#redis = redis;
    this.#c = config;
  }

  #run(script: LuaScript, ...args: (string | number)[]): Promise<unknown> {
    return runScript(this.#redis, script, [this.#c.prefix, ...args]);
  }

  #addScript(item: OutboxItem, requeue: boolean): Promise<[string, string?]> {
    return this.#run(
      S.add,
      item.id,
      rankOf(item.priority),
      String(item.seq),
      item.channel,
      String(item.acceptedAt),
      JSON.stringify(item),
      this.#c.maxItems,
      requeue ? '1' : '0',
    ) as Promise<[string, string?]>;
  }

  /** Adds `item` (a second add of the same id is ignored); returns what was evicted, or 'self'. */
  async add(item: OutboxItem): Promise<OutboxItem[] | 'self'> {
    const res = await this.#addScript(item, false);
    if (res[0] === 'self') return 'self';
    if (res[0] === 'evicted' && res[1] !== undefined) return [JSON.parse(res[1]) as OutboxItem];
    return [];
  }

  /**
   * Stores `item` again after the data set was lost: ignored when Redis has it ('dup') or it was settled
   * since ('gone'); refused without evicting anything when the outbox is full ('full').
   */
  async requeue(item: OutboxItem): Promise<RequeueAnswer> {
    return (await this.#addScript(item, true))[0] as RequeueAnswer;
  }

  /** The data set's marker, written with `candidate` when missing (a new or emptied Redis). */
  async epoch(candidate: string): Promise<string> {
    return String(await this.#run(S.epoch, candidate));
  }

  async claim(channel: string, candidate: string): Promise<Claimed | undefined> {
    const res = (await this.#run(S.claim, channel, this.#c.owner, this.#c.lockDurationMs, candidate)) as
      | [string, string, string]
      | null;
    if (res === null) return undefined;
    const item = JSON.parse(res[0]) as OutboxItem;
    if (res[1] === '1') item.ambiguous = true;
    return { item, epoch: res[2] };
  }

  async ack(id: string, channel: string): Promise<void> {
    await this.#run(S.ack, id, channel);
  }

  /** Ends the channel's send of an item that is not in Redis (claimed from the fallback). */
  async finish(id: string, channel: string): Promise<void> {
    await this.#run(S.finish, id, channel);
  }

  /**
   * Puts a claimed item back; stores it again when it was claimed under another data set marker (`epoch`)
   * and is gone (Redis lost it meanwhile: this copy is the only one). '' for an unknown marker.
   */
  async release(item: OutboxItem, epoch: string): Promise<void> {
    await this.#run(
      S.release,
      item.id,
      JSON.stringify(item),
      item.channel,
      epoch,
      rankOf(item.priority),
      String(item.seq),
      String(item.acceptedAt),
    );
  }

  async deadLetter(item: OutboxItem, code: string, at: number): Promise<void> {
    const letter: DeadLetter = { item, code, at };
    await this.#run(S.deadLetter, item.id, JSON.stringify(letter), this.#c.maxDeadLetters, item.channel);
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const end = Number.isFinite(limit) ? Math.max(0, limit) - 1 : -1;
    if (end < 0 && Number.isFinite(limit)) return [];
    const rows = await this.#redis.lrange(`${this.#c.prefix}:dead`, 0, end);
    return rows.map((row) => JSON.parse(row) as DeadLetter);
  }

  async channels(): Promise<string[]> {
    await this.#run(S.sweep, 1000);
    return this.#redis.smembers(`${this.#c.prefix}:chans`);
  }

  async depth(): Promise<OutboxDepth> {
    const [held, inFlight, oldest] = (await this.#run(S.depth)) as [number, number, string | null];
    return {
      pending: held - inFlight,
      inFlight,
      ...(oldest === null ? {} : { oldestAcceptedAt: Number(oldest) }),
    };
  }

  /** Renews the locks of `ids`; returns those this instance does not hold any more. */
  async heartbeat(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.#run(S.heartbeat, this.#c.owner, this.#c.lockDurationMs, ...ids)) as string[];
  }

  /** Lets this instance's claims on `ids` expire now, so any instance's next sweep puts them back. */
  async expireOwned(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.#run(S.expireOwned, this.#c.owner, ...ids);
  }

  /** Puts expired claims back to waiting (ambiguous); returns how many. */
  async sweep(limit = 1000): Promise<number> {
    return (await this.#run(S.sweep, limit)) as number;
  }

  async reserve(channel: string, intervalMs: number, burst: number): Promise<number> {
    return Number(await this.#run(S.reserve, channel, intervalMs, burst));
  }

  async pause(channel: string, durationMs: number): Promise<void> {
    await this.#run(S.pause, channel, Math.ceil(durationMs));
  }

  /** The last check before a send (see CONFIRM): go, or wait because of a pause or a late previous send. */
  async confirm(
    channel: string,
    intervalMs: number,
    id: string,
  ): Promise<{ state: 'go' | 'early' | 'busy' | 'paused'; ms: number }> {
    const c = this.#c;
    const [state, ms] = (await this.#run(
      S.confirm,
      channel,
      intervalMs,
      id,
      c.sendTimeoutMs,
      AFTER_DONE,
      c.strictSpacing ? '1' : '0',
    )) as ['go' | 'early' | 'busy' | 'paused', string];
    return { state, ms: Number(ms) };
  }

  async claimFingerprint(fingerprint: string, windowMs: number): Promise<'first' | 'repeat'> {
    const key = `${this.#c.prefix}:fp:${fingerprint}`;
    const res = await this.#redis.set(key, '1', 'PX', Math.max(1, Math.ceil(windowMs)), 'NX');
    return res === 'OK' ? 'first' : 'repeat';
  }

  async countRepeat(fingerprint: string): Promise<number> {
    return (await this.#run(S.countRepeat, fingerprint)) as number;
  }

  async repeats(fingerprint: string): Promise<number> {
    return Number((await this.#redis.get(`${this.#c.prefix}:fpn:${fingerprint}`)) ?? 0);
  }
}
