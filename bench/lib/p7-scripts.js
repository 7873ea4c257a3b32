// The scripts P7 runs, one fresh Node process each, written as a user would write them (ESM, top-level
// await where the subject offers something to await). Settings come from P7_* environment variables. Each
// reports its moments as `mark <name> <epoch ms> [json]` lines and its logger's lines as `log <epoch ms> ...`
// (see node-script.js); nothing else keeps the process alive.

const PRELUDE = `
const now = () => performance.timeOrigin + performance.now();
const mark = (name, data) =>
  process.stdout.write(\`mark \${name} \${now().toFixed(2)}\${data === undefined ? '' : \` \${JSON.stringify(data)}\`}\\n\`);
const env = process.env;
const N = Number(env.P7_N);
const text = (i) => \`p7 exit check #\${i}\`;
// The moment the loop let go (the process then tears down: the parent sees the exit a little later).
process.on('exit', () => mark('exit-event'));
`;

/** The floor: a script whose only statement is its last; how soon a Node process is gone after it. */
export const referenceScript = `
${PRELUDE}
mark('end-called');
`;

/** backend-notifier: N x notify(), then `await notifier.close(ms)` at the top level of an ESM script. */
export const oursScript = `
import { createNotifier } from '@backend-notifier/core';
${PRELUDE}
const show = (a) => {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.message;
  try { return JSON.stringify(a); } catch { return String(a); }
};
// Every line the notifier logs, time-stamped, so the parent can count what came after close() resolved.
const line = (level) => (...args) =>
  process.stdout.write(\`log \${now().toFixed(2)} \${level} \${args.map(show).join(' ').replace(/\\n/g, ' ')}\\n\`);
const logger = { debug() {}, info: line('info'), warn: line('warn'), error: line('error') };
const notifier = createNotifier({
  token: env.P7_TOKEN,
  slackApiUrl: env.P7_API,
  channel: env.P7_CHANNEL,
  perChannelPerSecond: Number(env.P7_RATE),
  workspacePerMinute: Number(env.P7_WORKSPACE_PER_MINUTE),
  logger,
});
mark('start');
for (let i = 0; i < N; i++) notifier.notify(text(i));
mark('end-called');
const all = await notifier.close(Number(env.P7_CLOSE_MS));
const s = notifier.stats();
mark('close-resolved', {
  all,
  accepted: s.accepted,
  delivered: s.delivered,
  pending: s.pending,
  inFlight: s.inFlight,
  deadLettered: s.deadLettered,
  dropped: s.dropped,
  droppedByReason: s.droppedByReason,
});
`;

/** raw @slack/web-api with its defaults (the seed's client): N fire-and-forget posts, then the script ends. */
export const rawScript = `
import { LogLevel, WebClient } from '@slack/web-api';
${PRELUDE}
const noop = () => {};
const logger = { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => LogLevel.ERROR, setName: noop };
const client = new WebClient(env.P7_TOKEN, { slackApiUrl: env.P7_API, logLevel: LogLevel.ERROR, logger });
mark('start');
// The charitable fire and forget: a rejection is caught, so it cannot crash the process.
for (let i = 0; i < N; i++) client.chat.postMessage({ channel: env.P7_CHANNEL, text: text(i) }).catch(noop);
mark('end-called');
`;

/** winston-slack-webhook-transport: N x logger.error, then logger.end(); the process ends when it ends. */
export const hookScript = `
import winston from 'winston';
import SlackHook from 'winston-slack-webhook-transport';
${PRELUDE}
const logger = winston.createLogger({ transports: [new SlackHook({ webhookUrl: env.P7_HOOK, level: 'error' })] });
mark('start');
for (let i = 0; i < N; i++) logger.error(text(i));
logger.on('finish', () => mark('finish'));
mark('end-called');
logger.end();
`;
