// The redis-server spawner is test-support's (the one the test suites use); the bench only has its processes
// tracked, so run.js kills what a benchmark left behind at its deadline. `pnpm bench` builds test-support first.
import { startRedisServer as startServer } from '@backend-notifier/test-support/redis-server';
import { track } from './child-process.js';

export { freePort } from '@backend-notifier/test-support/free-port';

/** A redis-server child process on a free loopback port (no persistence), for P5. */
export async function startRedisServer(binary = process.env.REDIS_SERVER ?? 'redis-server') {
  const redis = await startServer({ binary, onSpawn: track });
  return { url: redis.url, stop: () => redis.stop() };
}
