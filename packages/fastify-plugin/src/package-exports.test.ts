import { fileURLToPath } from 'node:url';
import { runConsumer, typecheck } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';

/**
 * The built package (dist, through its exports map) as apps consume it: `require()` from CommonJS
 * (Node >= 20.19 loads ES modules that way), `import` from ESM, each registering the plugin on a real
 * Fastify and answering a request; and its types from `.cts` and `.mts` files under `module: nodenext`.
 * Needs `pnpm build` first (`pnpm test` builds). The consumers' `@ts-expect-error` lines fail the check if
 * the package's types resolved to `any`.
 */
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const exportsList = [
  'DEFAULT_CLOSE_TIMEOUT_MS',
  'REDACTED',
  'backendNotifier',
  'redact',
  'requestFailure',
  'routeOf',
];

describe('package entry', () => {
  it.each([
    ['cjs', 'consumer.cjs'],
    ['esm', 'consumer.mjs'],
  ])('loads from %s', async (kind, file) => {
    expect(await runConsumer(packageRoot, `test-consumers/${file}`)).toEqual({
      kind,
      exports: exportsList,
      health: 200,
      failed: 500,
      notified: ['GET /orders/:id failed with 500'],
    });
  });

  it('type-checks in CommonJS (.cts) and ESM (.mts) consumers with module nodenext', async () => {
    expect(await typecheck('test-consumers/tsconfig.json', packageRoot)).toBe('');
  }, 180_000);
});
