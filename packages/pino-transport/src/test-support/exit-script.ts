import { SCRIPT_NOTIFIER_OPTIONS, scriptImports } from '@backend-notifier/test-support';

/** What the child process of the worker exit tests does (see {@link exitScript}). */
export interface ExitCase {
  channel: string;
  /** Entries logged at `error`, each with a unique id `e-<i>`. */
  count: number;
  /**
   * How the script ends: `none` = it just ends; `finish` = `transport.end()`, then it waits for `'finish'`;
   * `close` = `transport.end()`, then it waits for `'close'`; `exit` = `process.exit(0)` right after logging;
   * `uncaught` = an exception thrown from a timer, logged at `fatal` by an `uncaughtException` handler that
   * then calls `process.exit(1)` (pino's documented pattern); `flush` = `logger.flush(cb)` awaited, then the
   * script ends.
   */
  ending: 'none' | 'finish' | 'close' | 'exit' | 'uncaught' | 'flush';
  /** Wait for the transport's `'ready'` (the worker is up) before logging. */
  afterReady: boolean;
  /** The transport's `closeTimeoutMs` (unset: its default). */
  closeTimeoutMs?: number;
  /** The notifier's pace (the emulator in the test is scaled to match). */
  perChannelPerSecond: number;
}

/**
 * A user's script: a pino logger on the Slack worker transport, `count` x `logger.error`, then the ending.
 * It prints `START <epoch ms>` before it creates the transport, `READY <epoch ms>` once the worker is up (when it waits for it), `LOGGED <epoch ms>` after the
 * last log call, and `FINISH` / `CLOSE <epoch ms>` when those events come, so that the test can time each
 * step from outside. The config comes in `EXIT_CASE`, the emulator in `SLACK_BOT_TOKEN` / `SLACK_API_URL`.
 * ESM waits with top-level await, CommonJS with an async function (no top-level await there).
 */
export function exitScript(kind: 'esm' | 'cjs'): string {
  const head = scriptImports(kind, [
    { from: 'node:events', named: ['once'] },
    { from: 'pino', default: 'pino' },
  ]);
  const body = `const c = JSON.parse(process.env.EXIT_CASE);
const stamp = (tag) => console.log(tag + ' ' + Date.now());
stamp('START');
const transport = pino.transport({
  target: '@backend-notifier/pino-transport',
  options: {
    ${SCRIPT_NOTIFIER_OPTIONS}
    ...(c.closeTimeoutMs === undefined ? {} : { closeTimeoutMs: c.closeTimeoutMs }),
  },
});
const logger = pino(transport);
transport.on('finish', () => stamp('FINISH'));
transport.on('close', () => stamp('CLOSE'));
if (c.afterReady) {
  await once(transport, 'ready');
  stamp('READY');
}
if (c.ending === 'uncaught') {
  process.on('uncaughtException', (err) => {
    logger.fatal(err, 'uncaught e-900');
    process.exit(1);
  });
}
for (let i = 0; i < c.count; i++) logger.error({ entry: i }, 'entry e-' + i + ' of ' + c.count);
stamp('LOGGED');
if (c.ending === 'exit') process.exit(0);
if (c.ending === 'finish' || c.ending === 'close') {
  transport.end();
  await once(transport, c.ending);
  stamp('AWAITED');
}
if (c.ending === 'flush') {
  await new Promise((resolve) => logger.flush(resolve));
  stamp('FLUSHED');
}
if (c.ending === 'uncaught') setTimeout(() => { throw new Error('crash'); }, 10);`;
  return kind === 'esm' ? `${head}\n${body}\n` : `${head}\nasync function main() {\n${body}\n}\nmain();\n`;
}
