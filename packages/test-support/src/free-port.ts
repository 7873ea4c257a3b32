import { createServer } from 'node:net';

/**
 * A loopback TCP port that was free a moment ago, for a child process that takes its port from the
 * environment (`PORT`) and does not print the one it got. Another process could take it in between:
 * good enough for tests on one machine.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
