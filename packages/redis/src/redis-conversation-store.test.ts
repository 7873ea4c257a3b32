import { describeConversationStore } from '@backend-notifier/core/testing';
import { requireBinary } from '@backend-notifier/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why.
const noRedis = requireBinary('redis-server');

let redis: TestRedis;
let n = 0;
const owner = new WeakMap<object, { store: RedisStore; prefix: string }>();

beforeAll(async () => {
  if (!noRedis) redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describeConversationStore(
  'redis',
  ({ maxConversations }) => {
    const prefix = `conv${++n}`;
    const store = createRedisStore({ url: redis.url, prefix, maxConversations });
    owner.set(store.conversations, { store, prefix });
    return store.conversations;
  },
  { describe: describe.skipIf(noRedis), it, expect, beforeEach, afterEach },
  {
    // Another replica (a new client on the same prefix) after the first one closed.
    reopen: async (old) => {
      const { store, prefix } = owner.get(old) as { store: RedisStore; prefix: string };
      await store.close?.();
      const again = createRedisStore({ url: redis.url, prefix });
      owner.set(again.conversations, { store: again, prefix });
      return again.conversations;
    },
    close: async (c) => {
      await owner.get(c)?.store.close?.();
    },
  },
);

describe.skipIf(noRedis)('redis conversation keys', () => {
  it('never carry the key or what a notification said: only a hash under the prefix', async () => {
    const store = createRedisStore({ url: redis.url, prefix: 'convkeys' });
    try {
      const c = {
        key: 'key:xoxb-CANARY-secret-ish user text',
        channel: 'alerts',
        kind: 'generic' as const,
        count: 1,
        shown: 0,
        firstAt: 1,
        lastAt: 1,
        status: 'open' as const,
        priority: 'normal' as const,
        head: 'x',
        lastSample: 'x',
        samples: 0,
        reopened: 0,
      };
      expect(await store.conversations.put(c, 0)).toBe(1);
      const keys = await redis.client().keys('convkeys:conv*');
      expect(keys.sort()).toEqual(
        expect.arrayContaining(['convkeys:conv:open', expect.stringMatching(/^convkeys:conv:[0-9a-f]{32}$/)]),
      );
      expect(keys.join(' ')).not.toContain('CANARY');
    } finally {
      await store.close?.();
    }
  });
});
