/**
 * The README's server as a user's process lives it (scenarios 5 and 13): `examples/server.ts` is embedded
 * verbatim in the README, type-checked, and run (types stripped) in a child Node process that nothing else
 * keeps alive, against an emulator in another process (test-support's `describeReadmeServer`: exit code,
 * ended by itself within its bound, the messages Slack holds). Runs the built package.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeReadmeServer, readmeExamples, typecheck } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOSE_TIMEOUT_MS } from './plugin-options.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('every TypeScript block is an example file, embedded verbatim; the other blocks are install lines', () => {
    const readme = readmeExamples(packageDir);
    expect(readme.files).toEqual(['examples/server.ts']);
    expect(readme.differing).toEqual([]);
    expect(readme.otherLangs).toEqual(['sh']);
    for (const name of ['@backend-notifier/core', '@backend-notifier/fastify-plugin', 'fastify']) {
      expect(readme.install).toContain(` ${name}`);
    }
  });

  it('the example type-checks', async () => {
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);
});

describeReadmeServer({
  name: 'fastify',
  packageDir,
  // SIGTERM → app.close() → the plugin's onClose: notifier.close(closeTimeoutMs), the default here.
  closeMs: DEFAULT_CLOSE_TIMEOUT_MS,
  failingPath: (id) => `/orders/${id}`,
  reportTitle: 'GET /orders/:id failed with 500',
  async checkFailure(res) {
    // Fastify's own error response, as without the plugin.
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'inventory service crashed',
    });
  },
});
