import { fileURLToPath } from 'node:url';
import { describePackageEntry } from '@backend-notifier/test-support';

/**
 * The built package as apps consume it: CommonJS and ESM consumers, each on a real Hono app answering a
 * failed request and the health route, and `.cts` and `.mts` types under `module: nodenext` (see
 * test-support's describePackageEntry). Needs `pnpm build` first (`pnpm test` builds).
 */
describePackageEntry({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  loadsTitle: 'loads from %s and reports through the middleware',
  expected: (kind) => ({
    kind,
    exports: ['REDACTED', 'redact', 'requestFailure', 'routeOf', 'slackErrorReporter', 'slackHealthHandler'],
    health: 200,
    failed: 500,
    notified: ['GET /orders/:id failed with 500'],
  }),
});
