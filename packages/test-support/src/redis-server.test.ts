import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startRedisServer } from './redis-server.js';
import { requireBinary } from './require-binary.js';

const noRedis = requireBinary('redis-server');

/** Sends inline commands and returns the raw reply once `done` says it is complete. */
function send(port: number, commands: string, done: (reply: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('connect', () => socket.write(commands));
    socket.on('data', (d: Buffer) => {
      reply += d.toString('utf8');
      if (done(reply)) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(reply));
  });
}

describe.skipIf(noRedis)('startRedisServer', () => {
  it('requires its password, keeps durable data over a SIGKILL and a restart, and stops', async () => {
    const redis = await startRedisServer({ durable: true, password: 'pw-test' });
    try {
      expect(redis.url).toBe(`redis://:pw-test@127.0.0.1:${redis.port}`);
      expect(await send(redis.port, 'PING\r\n', (r) => r.includes('\r\n'))).toMatch(/^-NOAUTH/);
      expect(await send(redis.port, 'AUTH pw-test\r\nSET k v\r\n', (r) => r.split('\r\n').length > 2)).toBe(
        '+OK\r\n+OK\r\n',
      );
      await redis.kill();
      await redis.start();
      const got = await send(redis.port, 'AUTH pw-test\r\nGET k\r\n', (r) => r.endsWith('v\r\n'));
      expect(got).toBe('+OK\r\n$1\r\nv\r\n');
    } finally {
      await redis.stop();
    }
    await expect(send(redis.port, 'PING\r\n', () => true)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails with a clear error when the program cannot start', async () => {
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(
      /redis-server did not start on port \d+: spawn \/nonexistent\/redis-server ENOENT/,
    );
  });
});
