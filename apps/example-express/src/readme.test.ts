/**
 * The README's console blocks, replayed as a reader's shell would (test-support's describeExampleReadme,
 * shared with example-nest): the built app and the emulator bin in child processes that nothing else keeps
 * alive, curl over HTTP, SIGTERM with `kill %N`, each command's output matched against what the README
 * shows, each process ending by itself. The blocks that are not replayed are listed with the reason. Runs
 * the built app (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import { describeExampleReadme } from '@backend-notifier/test-support';

describeExampleReadme({
  appDir: fileURLToPath(new URL('..', import.meta.url)),
  notReplayed: [
    [(s) => s.lang === 'sh' && s.code.startsWith('pnpm install'), 'the build (`pnpm test` builds first)'],
    [(s) => s.lang === '' && s.code.includes('pending messages recovered'), 'a log line, not a command'],
    [(s) => s.lang === 'sh' && s.code.startsWith('redis-server'), 'needs redis-server: src/replicas.test.ts'],
    [(s) => s.lang === 'sh' && s.code.includes('SLACK_BOT_TOKEN=xoxb-…'), 'needs a real Slack token'],
  ],
  // The reader's shell has none of the test runner's settings (CI exports REDIS_URL).
  clearEnv: ['REDIS_URL', 'OUTBOX_PATH', 'PORT', 'LOG_LEVEL', 'NOTIFIER_PER_CHANNEL_PER_SECOND'],
  channel: 'orders-alerts',
  expectedTexts: [
    '🔴 GET /boom failed with 500',
    '🔴 Error: Job nightly-import failed: upstream returned 502',
  ],
});
