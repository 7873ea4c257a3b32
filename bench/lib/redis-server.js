// A redis-server child process on a free loopback port (no persistence), for P5.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTracked } from './child-process.js';
import { sleep } from './measure.js';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      data += d;
      if (data.includes('\r\n')) {
        socket.end();
        resolve(data.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(data.startsWith('+PONG')));
  });
}

export async function startRedisServer(binary = process.env.REDIS_SERVER ?? 'redis-server') {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const child = spawnTracked(binary, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ]);
  let failed;
  child.once('error', (e) => {
    failed = e;
  });
  for (let i = 0; i < 100 && !failed; i++) {
    if (await ping(port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () => {
          child.kill('SIGKILL');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start${failed ? `: ${failed.message}` : ''}`);
}
