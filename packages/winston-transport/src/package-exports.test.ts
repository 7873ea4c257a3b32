import { fileURLToPath } from 'node:url';
import { describePackageEntry } from '@backend-notifier/test-support';

/**
 * The built package as apps consume it (CommonJS and ESM consumers, `.cts` and `.mts` types under
 * `module: nodenext`): see test-support's describePackageEntry. Needs `pnpm build` first (`pnpm test` builds).
 */
const exportsList = [
  'DEFAULT_LEVEL_PRIORITIES',
  'REDACTED',
  'SlackTransport',
  'createNotifierLogger',
  'errorOf',
  'redact',
];

describePackageEntry({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  expected: (kind) => ({ kind, exports: exportsList, level: 'error', isTransport: true }),
});
