import { readDemoConfig } from './demo-config.js';
import { runScript } from './run-script.js';
import { DEMO_CHANNELS, startDemo } from './start-demo.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

let config: ReturnType<typeof readDemoConfig>;
try {
  config = readDemoConfig(process.env);
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n`);
  process.exit(2);
}

const demo = await startDemo(config);
out('backend-notifier demo');
out('');
out(`  Slack emulator page:  ${demo.emulator.url}   <- open this in a browser`);
if (demo.emulatorFellBack) out(`    (port ${config.port} was taken, so another free port is used)`);
out(`  example-express:      ${demo.express.url}   posts to #${DEMO_CHANNELS.express}`);
out(`  example-nest:         ${demo.nest.url}   posts to #${DEMO_CHANNELS.nest}`);
out(`  fastify-app:          ${demo.fastify.url}   posts to #${DEMO_CHANNELS.fastify}`);
out(`  Slack API (emulated): ${demo.emulator.apiUrl}`);
out(`  Outboxes (SQLite):    ${config.dataDir}`);
const recovered = demo.express.recovered + demo.nest.recovered + demo.fastify.recovered;
out(
  `Recovered ${recovered} pending message${recovered === 1 ? '' : 's'} from the outbox (example-express ${demo.express.recovered}, example-nest ${demo.nest.recovered}, fastify-app ${demo.fastify.recovered})${recovered > 0 ? `: sending ${recovered === 1 ? 'it' : 'them'} now` : ''}.`,
);
out('');

let stopRequested: (reason: string) => void = () => {};
const stopped = new Promise<string>((resolve) => {
  stopRequested = resolve;
});
const abort = new AbortController();
let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  signals++;
  if (signals === 1) {
    stopRequested(signal);
    return;
  }
  out(`${signal} again: quitting without waiting for the remaining messages`);
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
if (config.durationMs !== undefined) {
  setTimeout(
    () => stopRequested(`DEMO_DURATION_MS (${config.durationMs} ms) elapsed`),
    config.durationMs,
  ).unref();
}

if (config.script) out('Sending the scripted traffic through the three apps:');
else out('DEMO_SCRIPT=off: no scripted traffic. Ctrl-C to stop (pending messages are flushed first).');
const played = config.script
  ? runScript({ express: demo.express.url, nest: demo.nest.url, fastify: demo.fastify.url }, out, {
      signal: abort.signal,
    })
  : Promise.resolve(undefined);
const scriptDone = played.then(
  (requests) => {
    if (abort.signal.aborted || requests === undefined) return;
    out(
      `Script done: ${requests} requests. Messages reach Slack at its pace (about 1 per second per channel).`,
    );
    out(`Try more: curl ${demo.express.url}boom   curl -X POST ${demo.nest.url}deploy`);
    out('Ctrl-C to stop (pending messages are flushed first).');
  },
  (error: unknown) => {
    if (!abort.signal.aborted)
      out(`Script failed: ${error instanceof Error ? error.message : String(error)}`);
  },
);

const reason = await stopped;
// Stop the script first, so no request reaches an app that is closing.
abort.abort();
await scriptDone;
const waiting = (s: { pending: number; inFlight: number }) => s.pending + s.inFlight;
const pending = [demo.express, demo.nest, demo.fastify]
  .map((app) => waiting(app.notifier.stats()))
  .reduce((a, b) => a + b, 0);
out('');
out(
  `Stopping (${reason}): flushing ${pending} pending message${pending === 1 ? '' : 's'}…${signals > 0 ? ' (Ctrl-C again to quit now: what is pending stays in the outbox for the next start)' : ''}`,
);
const summary = await demo.stop();
for (const [name, s] of [
  ['example-express', summary.express],
  ['example-nest', summary.nest],
  ['fastify-app', summary.fastify],
] as const) {
  out(
    `  ${name}: ${s.delivered} delivered, ${s.grouped} grouped, ${s.pending + s.inFlight} pending, ${s.dropped} dropped, ${s.deadLettered} dead-lettered (of ${s.accepted} accepted)`,
  );
}
out(
  summary.delivered
    ? 'Everything was delivered. Bye.'
    : 'Some messages were not delivered before the timeout.',
);
process.exitCode = summary.delivered ? 0 : 1;
