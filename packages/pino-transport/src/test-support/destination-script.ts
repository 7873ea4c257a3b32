import { SCRIPT_NOTIFIER_OPTIONS, scriptImports } from '@backend-notifier/test-support';

/** What the child process of the destination exit tests does (see {@link destinationScript}). */
export interface DestinationCase {
  channel: string;
  /** Entries logged at `error`, each with a unique id `e-<i>`. */
  count: number;
  /** `none` = the script just ends; `end` = `destination.end()`; `exit` = `process.exit(0)` right after logging. */
  ending: 'none' | 'end' | 'exit';
  closeNotifier: boolean;
  flushTimeoutMs: number;
  /** The notifier's pace (the emulator in the test is scaled to match). */
  perChannelPerSecond: number;
}

/**
 * A user's script with the in-process destination: a notifier logging into the app's pino logger
 * (`createNotifierLogger`), the logger writing JSON lines to stderr and its error lines to Slack
 * (`pino.multistream`), `count` x `logger.error`, then the ending. It prints `LOGGED <epoch ms>` after the
 * last log call, `BEFORE_EXIT <epoch ms>` when the event loop first empties, and `FINISH <epoch ms> <stats>` on the destination's `'finish'`. The config comes in
 * `EXIT_CASE`, the emulator in `SLACK_BOT_TOKEN` / `SLACK_API_URL`.
 */
export function destinationScript(kind: 'esm' | 'cjs'): string {
  const imports = scriptImports(kind, [
    { from: '@backend-notifier/core', named: ['createNotifier'] },
    { from: '@backend-notifier/pino-transport', named: ['createNotifierLogger', 'createSlackDestination'] },
    { from: 'pino', default: 'pino' },
  ]);
  return `${imports}
const c = JSON.parse(process.env.EXIT_CASE);
process.once('beforeExit', () => console.log('BEFORE_EXIT ' + Date.now()));
const streams = pino.multistream([{ level: 'info', stream: process.stderr }]);
const logger = pino({ level: 'info' }, streams);
const notifier = createNotifier({
  ${SCRIPT_NOTIFIER_OPTIONS}
  logger: createNotifierLogger(logger),
});
const destination = createSlackDestination(notifier, { closeNotifier: c.closeNotifier, flushTimeoutMs: c.flushTimeoutMs });
// The logger comes first (the notifier logs into it), the destination once the notifier exists.
streams.add({ level: 'error', stream: destination });
destination.on('finish', () => console.log('FINISH ' + Date.now() + ' ' + JSON.stringify(notifier.stats())));
for (let i = 0; i < c.count; i++) logger.error({ entry: i }, 'entry e-' + i + ' of ' + c.count);
console.log('LOGGED ' + Date.now());
if (c.ending === 'exit') process.exit(0);
if (c.ending === 'end') destination.end();
`;
}
