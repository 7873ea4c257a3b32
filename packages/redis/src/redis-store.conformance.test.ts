import { describeOutboxStore } from '@backend-notifier/core/testing';
import { requireBinary } from '@backend-notifier/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';

// redis-server is a system package (`.ci/run` installs it): without it this file skips and says why,
// and under CI=true it fails instead.
const noRedis = requireBinary('redis-server');

let redis: TestRedis;
let n = 0;
const prefixOf = new WeakMap<object, string>();

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

describeOutboxStore(
  'redis',
  ({ maxItems }) => {
    // A fresh prefix per store: each test starts from an empty outbox on the same server.
    const prefix = `conf${++n}`;
    const store = createRedisStore({ url: redis.url, prefix, maxItems });
    prefixOf.set(store, prefix);
    return store;
  },
  { describe: describe.skipIf(noRedis), it, expect, beforeEach, afterEach },
  {
    // A restart: the old instance closes (its claims expire now), a new one on the same keys recovers them.
    reopen: async (old) => {
      const prefix = prefixOf.get(old) as string;
      await old.close?.();
      return createRedisStore({ url: redis.url, prefix });
    },
  },
);
