/**
 * The README's console blocks, replayed as a reader's shell would (test-support's describeExampleReadme,
 * shared with example-express): the built app and the emulator bin in child processes that nothing else
 * keeps alive, curl over HTTP, SIGTERM with `kill %N`, each command's output matched against what the README
 * shows, each process ending by itself. The blocks that are not replayed are listed with the reason. Runs
 * the built app (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import { describeExampleReadme } from '@backend-notifier/test-support';

describeExampleReadme({
  appDir: fileURLToPath(new URL('..', import.meta.url)),
  notReplayed: [
    [(s) => s.lang === 'sh' && s.code.startsWith('pnpm install'), 'the build (`pnpm test` builds first)'],
  ],
  // The reader's shell has none of the test runner's settings.
  clearEnv: ['OUTBOX_PATH', 'PORT', 'LOG_LEVEL'],
  channel: 'nest-alerts',
  expectedTexts: ['🔴 GET /boom failed with 500', '🔴 Error: Job nightly-import failed: database deadlock'],
});
