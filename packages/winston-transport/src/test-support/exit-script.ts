import { SCRIPT_NOTIFIER_OPTIONS, scriptImports } from '@backend-notifier/test-support';

/** What the child process of the exit tests does (see {@link exitScript}). */
export interface ExitCase {
  channel: string;
  /** Entries logged at `error`, each with a unique id `e-<i>`. */
  count: number;
  /**
   * How the script ends: `end` = `logger.end()` and then nothing; `exit` = `process.exit(0)` right after
   * logging; `close` = `logger.close()`; `uncaught` = an exception thrown from a timer, which the transport
   * handles (`handleExceptions: true`, winston's `exitOnError`).
   */
  ending: 'end' | 'exit' | 'close' | 'uncaught';
  /** Give the notifier the Winston logger itself instead of `createNotifierLogger(logger)`. @default false */
  rawLogger?: boolean;
  closeNotifier: boolean;
  flushTimeoutMs: number;
  /** The notifier's pace (the emulator in the test is scaled to match). */
  perChannelPerSecond: number;
  timeoutMs: number;
}

/**
 * A user's script: a Winston logger with the Slack transport, `count` x `logger.error`, then the ending.
 * It prints `END <epoch ms>` when it ends the logger, `FINISH <epoch ms> <stats>` on the logger's
 * `'finish'` and `EXIT <epoch ms>` when the process exits, so the test can time each step from outside.
 * The config comes in `EXIT_CASE`, the emulator in `SLACK_BOT_TOKEN` / `SLACK_API_URL`.
 */
export function exitScript(kind: 'esm' | 'cjs'): string {
  const imports = scriptImports(kind, [
    { from: '@backend-notifier/core', named: ['createNotifier'] },
    { from: '@backend-notifier/winston-transport', named: ['createNotifierLogger', 'SlackTransport'] },
    { from: 'winston', default: 'winston' },
  ]);
  return `${imports}
const c = JSON.parse(process.env.EXIT_CASE);
const logger = winston.createLogger({
  level: 'info',
  format: winston.format.simple(),
  // The app's console, on stderr so stdout carries only the test's lines.
  transports: [new winston.transports.Console({ level: 'warn', stderrLevels: ['error', 'warn'] })],
});
const notifier = createNotifier({
  ${SCRIPT_NOTIFIER_OPTIONS}
  logger: c.rawLogger ? logger : createNotifierLogger(logger),
  timeoutMs: c.timeoutMs,
});
logger.add(new SlackTransport({
  notifier,
  closeNotifier: c.closeNotifier,
  flushTimeoutMs: c.flushTimeoutMs,
  handleExceptions: c.ending === 'uncaught',
}));
process.on('exit', (code) => console.log('EXIT ' + Date.now() + ' ' + code));
logger.on('finish', () => console.log('FINISH ' + Date.now() + ' ' + JSON.stringify(notifier.stats())));
for (let i = 0; i < c.count; i++) logger.error('entry e-' + i + ' of ' + c.count);
if (c.ending === 'exit') process.exit(0);
console.log('END ' + Date.now());
if (c.ending === 'end') logger.end();
if (c.ending === 'close') logger.close();
if (c.ending === 'uncaught') setTimeout(() => { throw new Error('crash e-900'); }, 10);
`;
}
