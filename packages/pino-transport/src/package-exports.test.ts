import { fileURLToPath } from 'node:url';
import { describePackageEntry } from '@backend-notifier/test-support';

/**
 * The built package as apps consume it (CommonJS and ESM consumers, `.cts` and `.mts` types under
 * `module: nodenext`): see test-support's describePackageEntry. The worker entry (the default export) loaded
 * from CommonJS and ESM apps runs in process-exit.test.ts. Needs `pnpm build` first (`pnpm test` builds).
 */
const exportsList = [
  'DEFAULT_LEVEL_PRIORITIES',
  'MAX_CLOSE_TIMEOUT_MS',
  'PINO_LEVELS',
  'REDACTED',
  'SlackDestination',
  'createNotifierLogger',
  'createSlackDestination',
  'default',
  'pinoErrorOf',
  'redact',
];

describePackageEntry({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  expected: (kind) => ({
    kind,
    // require(esm) of a module with a default export marks the namespace `__esModule` (Node's interop).
    exports: kind === 'cjs' ? [...exportsList, '__esModule'].sort() : exportsList,
    transport: 'function',
    sent: [['hello', 'high']],
  }),
});
