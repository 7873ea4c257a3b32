/**
 * Smoke test against the Redis named by REDIS_URL (CI starts one on 127.0.0.1:6379), so the package is
 * also checked on a server this file did not start. The other tests start their own redis-server children
 * (they kill and restart them), so this one only runs when REDIS_URL is set; it uses a random prefix and
 * deletes its keys.
 */
import { randomUUID } from 'node:crypto';
import { makeItem } from '@backend-notifier/core/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';

const url = process.env['REDIS_URL'];

describe('smoke: REDIS_URL', () => {
  // Skipped without REDIS_URL: there is then no shared server to check (the other files cover the code).
  it.skipIf(url === undefined)(
    'adds, claims and acks through the Redis at REDIS_URL, then cleans up',
    async () => {
      const prefix = `smoke-${randomUUID()}`;
      const store = createRedisStore({ url, prefix });
      try {
        expect(await store.recover()).toBe(0);
        const item = makeItem({ channel: 'smoke' });
        await store.add(item);
        expect(await store.channels()).toEqual(['smoke']);
        expect((await store.claim('smoke'))?.id).toBe(item.id);
        await store.ack(item.id);
        expect(await store.depth()).toMatchObject({ pending: 0, inFlight: 0 });
        expect((await store.storeHealth()).status).toBe('ok');
      } finally {
        await store.close();
        const db = new Redis(url as string);
        const keys = await db.keys(`${prefix}:*`);
        if (keys.length > 0) await db.del(...keys);
        db.disconnect();
      }
    },
  );
});
