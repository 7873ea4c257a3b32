/**
 * SCENARIO 11 (the Redis part): with a canary bot token and a canary Redis password, run the notifier on this
 * store through 429s, dead letters and a Redis outage, then SCAN every key in Redis and read every value:
 * neither canary appears in any key, value, log line, health report or dead letter.
 */
import { createNotifier, type Logger } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { requireBinary } from '@backend-notifier/test-support';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import { waitFor } from './test-support/cluster.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why,
// and under CI=true it fails instead.
const noRedis = requireBinary('redis-server');

const TOKEN = 'xoxb-CANARY-111-222-tokencanary';
const PASSWORD = 'CANARYredispassword';
const CANARIES = ['CANARY', 'tokencanary', PASSWORD];

let redis: TestRedis;
let emu: SlackEmulator;
const lines: string[] = [];
const logger: Logger = {
  debug: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
  info: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
  warn: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
  error: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
};

beforeAll(async () => {
  redis = await startTestRedis({ password: PASSWORD, durable: true });
  emu = await startSlackEmulator({
    port: 0,
    workspace: { botToken: TOKEN },
    rateLimits: { postMessage: { perSecond: 20, burst: 1 }, tiers: { t1: 600, t2: 600, t3: 600, t4: 600 } },
  });
});
afterAll(async () => {
  await emu?.close();
  await redis?.stop();
});

/** Every key and every value in Redis, as text. */
async function dump(db: Redis): Promise<{ keys: string[]; text: string }> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await db.scan(cursor, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const parts: string[] = [];
  for (const key of keys) {
    const type = await db.type(key);
    if (type === 'string') parts.push((await db.get(key)) ?? '');
    else if (type === 'hash') parts.push(JSON.stringify(await db.hgetall(key)));
    else if (type === 'zset')
      parts.push(JSON.stringify(await db.zrangebyscore(key, '-inf', '+inf', 'WITHSCORES')));
    else if (type === 'set') parts.push(JSON.stringify(await db.smembers(key)));
    else if (type === 'list') parts.push(JSON.stringify(await db.lrange(key, 0, -1)));
    else parts.push(`<${type}>`);
  }
  return { keys, text: parts.join('\n') };
}

describe.skipIf(noRedis)('scenario 11: no token and no secret in Redis', () => {
  it('leaves neither canary in any Redis key or value, log line, health report or dead letter', async () => {
    // Short locks: a claim whose settlement was lost in the outage below goes back to waiting (ambiguous)
    // within seconds instead of the default 30 s + 30 s, inside the bounded wait for the receipts.
    const store = createRedisStore({
      url: redis.url,
      prefix: 's11',
      logger,
      commandTimeoutMs: 300,
      lockDurationMs: 4000,
      stalledIntervalMs: 1000,
    });
    const notifier = createNotifier({
      token: TOKEN,
      slackApiUrl: emu.apiUrl,
      channel: 'canary-a',
      store,
      perChannelPerSecond: 20,
      workspacePerMinute: 6000,
      retry: { backoff: { baseMs: 50, maxMs: 200 } },
      logger,
    });
    await notifier.start();
    const ch = emu.control.channel('canary-a')?.id as string;
    emu.control.addFault({
      method: 'chat.postMessage',
      channel: ch,
      times: 1,
      action: { type: 'ratelimit', retryAfter: 1 },
    });
    emu.control.addFault({
      method: 'chat.postMessage',
      channel: ch,
      times: 1,
      action: { type: 'error', error: 'restricted_action' },
    });
    const receipts = Array.from({ length: 12 }, (_, i) =>
      notifier.notify({
        text: `canary run ${i}`,
        title: 'deploy',
        fields: { n: i },
        blocks: i === 0 ? [{ type: 'divider' }] : undefined,
      }),
    );
    await Promise.all(receipts.slice(0, 6).map((r) => r.accepted));
    // An outage in the middle: errors and reconnects go through the logger and the store's health.
    await redis.kill();
    for (let i = 0; i < 4; i++) notifier.notify(`during outage ${i}`);
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();
    await waitFor(async () => (await store.storeHealth()).redis === 'ready', 10_000);
    // Bounded, so a receipt that never settles fails here with the counters instead of at the test timeout.
    let timer: NodeJS.Timeout | undefined;
    const outcomes = await Promise.race([
      Promise.all(receipts.map((r) => r.delivered)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`receipts not settled within 30 s: ${JSON.stringify(notifier.stats())}`)),
          30_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    expect(outcomes.filter((o) => o.status === 'dead_lettered')).toHaveLength(1);
    // Leave something waiting in Redis too, so the scan sees items, a pause key and dead letters.
    emu.control.addFault({
      method: 'chat.postMessage',
      channel: ch,
      action: { type: 'ratelimit', retryAfter: 5 },
    });
    notifier.notify('left waiting');
    await waitFor(
      () => emu.control.requestLog().some((e) => e.outcome === 'ratelimited' && e.at > Date.now() - 2000),
      5000,
    );
    await new Promise((r) => setTimeout(r, 300));

    const db = redis.client();
    const { keys, text } = await dump(db);
    const health = JSON.stringify([await notifier.health(), await store.storeHealth(), notifier.stats()]);
    const letters = JSON.stringify(await store.deadLetters());
    const logs = lines.join('\n');
    if (process.env['S11_DEBUG']) console.log([...new Set(lines.map((l) => l.slice(0, 160)))].join('\n'));
    console.log(
      `scenario 11: scanned ${keys.length} keys (${text.length} chars of values), ${lines.length} log lines`,
    );
    expect(keys.some((k) => k === 's11:dead')).toBe(true);
    expect(keys.some((k) => k.startsWith('s11:pause:'))).toBe(true);
    expect(keys.some((k) => k === 's11:items')).toBe(true);
    expect(text).toContain('canary run'); // the scan does read the values
    for (const canary of CANARIES) {
      for (const [where, haystack] of Object.entries({
        keys: keys.join('\n'),
        values: text,
        health,
        letters,
        logs,
      })) {
        expect(haystack.includes(canary), `${canary} in ${where}`).toBe(false);
      }
    }
    await notifier.close(500);
  }, 60_000);
});
