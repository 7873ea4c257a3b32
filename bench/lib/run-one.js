// Runs one benchmark module in this (forked) process and sends its rows to the orchestrator over IPC.
// One process per benchmark: a clean heap, its own RSS, and a hard kill if it overruns its deadline.
import { killAll } from './child-process.js';

const [file, ctxJson] = process.argv.slice(2);
const ctx = JSON.parse(ctxJson ?? '{}');
ctx.log = (...args) => console.error(`  [${file}]`, ...args);

const finish = (code) => {
  killAll();
  // Pending retries of the alternatives (the SDK's defaults retry for ~30 min) must not keep us alive.
  setTimeout(() => process.exit(code), 50);
};
process.on('SIGTERM', () => finish(143));
try {
  const mod = await import(new URL(`../${file}`, import.meta.url).href);
  const rows = await mod.run(ctx);
  process.send?.({ type: 'rows', rows });
  finish(0);
} catch (error) {
  process.send?.({
    type: 'error',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  finish(1);
}
