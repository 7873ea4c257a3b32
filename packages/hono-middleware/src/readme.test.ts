/**
 * The README's server as a user's process lives it (scenarios 5 and 13): `examples/server.ts` is embedded
 * verbatim in the README, type-checked, and run (types stripped) on @hono/node-server in a child Node
 * process that nothing else keeps alive, against an emulator in another process (test-support's
 * `describeReadmeServer`: exit code, ended by itself within its bound, the messages Slack holds). Runs the
 * built package.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeReadmeServer, readmeExamples, typecheck } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('every TypeScript block is an example file, embedded verbatim; the other blocks are install lines', () => {
    const readme = readmeExamples(packageDir);
    expect(readme.files).toEqual(['examples/server.ts']);
    expect(readme.differing).toEqual([]);
    expect(readme.otherLangs).toEqual(['sh']);
    const needs = [
      '@backend-notifier/core',
      '@backend-notifier/hono-middleware',
      'hono',
      '@hono/node-server',
    ];
    for (const name of needs) expect(readme.install).toContain(` ${name}`);
  });

  it('the example type-checks', async () => {
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);
});

describeReadmeServer({
  name: 'hono',
  packageDir,
  // The README's SIGTERM handler: server.close(), then notifier.close(10_000).
  closeMs: 10_000,
  failingPath: (id) => `/orders/${id}`,
  reportTitle: 'GET /orders/:id failed with 500',
  async checkFailure(res) {
    // The app's own onError answered.
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal' });
  },
});
