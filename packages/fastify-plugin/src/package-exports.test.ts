import { fileURLToPath } from 'node:url';
import { describePackageEntry } from '@backend-notifier/test-support';

/**
 * The built package as apps consume it: CommonJS and ESM consumers, each registering the plugin on a real
 * Fastify and answering a request, and `.cts` and `.mts` types under `module: nodenext` (see test-support's
 * describePackageEntry). Needs `pnpm build` first (`pnpm test` builds).
 */
const exportsList = [
  'DEFAULT_CLOSE_TIMEOUT_MS',
  'REDACTED',
  'backendNotifier',
  'redact',
  'requestFailure',
  'routeOf',
];

describePackageEntry({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  expected: (kind) => ({
    kind,
    exports: exportsList,
    health: 200,
    failed: 500,
    notified: ['GET /orders/:id failed with 500'],
  }),
});
