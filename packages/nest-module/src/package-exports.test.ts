import { fileURLToPath } from 'node:url';
import { describePackageEntry } from '@backend-notifier/test-support';

/**
 * The built package as apps consume it (CommonJS and ESM consumers, `.cts` and `.mts` types under
 * `module: nodenext`): see test-support's describePackageEntry. Needs `pnpm build` first (`pnpm test` builds).
 */
const exportsList = [
  'BACKEND_NOTIFIER',
  'BACKEND_NOTIFIER_OPTIONS',
  'BackendNotifierModule',
  'InjectNotifier',
  'SlackExceptionFilter',
  'SlackHealthIndicator',
  'SlackInteractionsController',
  'SlackInteractionsHost',
  'exceptionStatus',
];

describePackageEntry({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  expected: (kind) => ({ kind, exports: exportsList, token: 'symbol', module: true, filter: true }),
});
