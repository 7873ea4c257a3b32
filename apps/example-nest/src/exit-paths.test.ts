/**
 * How the example app's process ends (issue 10, points 3 and 9; scenarios 5 and 13), each in a child Node
 * process that nothing else keeps alive, against an emulator in another process, counted from the Slack
 * side: SIGTERM with messages pending (main.ts runs `app.close()`: the module's shutdown hook closes the
 * notifier), and an uncaught exception. The cases are test-support's, shared with example-express. Runs the
 * built app (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import { describeExampleAppExits } from '@backend-notifier/test-support';

describeExampleAppExits({
  name: 'example-nest',
  appDir: fileURLToPath(new URL('..', import.meta.url)),
  // The module's `shutdownTimeoutMs` (10 s) on SIGTERM and on a crash.
  sigtermCloseMs: 10_000,
  crashCloseMs: 10_000,
  // From the signal to the process gone, on top of the close bound: Nest's other hooks, exit, the parent seeing it.
  processMs: 750,
});
