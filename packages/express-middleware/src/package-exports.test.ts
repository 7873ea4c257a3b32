import { fileURLToPath } from 'node:url';
import { describePackageEntry } from '@backend-notifier/test-support';

/**
 * The built package as apps consume it (CommonJS and ESM consumers, `.cts` and `.mts` types under
 * `module: nodenext`): see test-support's describePackageEntry. Needs `pnpm build` first (`pnpm test` builds).
 */
const exportsList = [
  'REDACTED',
  'redact',
  'routeOf',
  'slackErrorHandler',
  'slackHealthHandler',
  'statusOf',
  'keepRawBody',
  'SLACK_INTERACTIONS_PATH',
  'slackInteractions',
].sort();

describePackageEntry({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  expected: (kind) => ({ kind, exports: exportsList }),
});
