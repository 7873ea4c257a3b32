import { type RedisServer, type RedisServerOptions, startRedisServer } from '@backend-notifier/test-support';
import { Redis } from 'ioredis';

/** test-support's redis-server of one test file, plus plain ioredis clients for assertions. */
export interface TestRedis extends RedisServer {
  /** A plain client for assertions (SCAN, FLUSHALL…); closed by `stop()`. */
  client(): Redis;
}

/**
 * Starts `redis-server` through test-support (no snapshots; with `durable`, an append-only file fsynced on
 * every write; with `password`, `requirepass`) and adds {@link TestRedis.client}.
 */
export async function startTestRedis(
  options: Pick<RedisServerOptions, 'durable' | 'password'> = {},
): Promise<TestRedis> {
  const server = await startRedisServer(options);
  const clients: Redis[] = [];
  return {
    ...server,
    client: () => {
      const c = new Redis({ port: server.port, host: '127.0.0.1', password: options.password });
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
    stop: async () => {
      for (const c of clients) c.disconnect();
      await server.stop();
    },
  };
}
