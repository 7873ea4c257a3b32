import { defaultOutboxPath } from './default-outbox-path.js';
import { startExpressExample } from './start-express-example.js';

// Configuration comes from the environment, as in most deployments.
const env = process.env;
const port = env['PORT'] === undefined ? 3000 : Number(env['PORT']);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(env['PORT'])}`);
  process.exit(2);
}
const rateRaw = env['NOTIFIER_PER_CHANNEL_PER_SECOND'];
const rate = rateRaw ? Number(rateRaw) : undefined;
if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
  console.error(`NOTIFIER_PER_CHANNEL_PER_SECOND must be a positive number, got ${JSON.stringify(rateRaw)}`);
  process.exit(2);
}

const app = await startExpressExample({
  ...(env['SLACK_BOT_TOKEN'] ? { token: env['SLACK_BOT_TOKEN'] } : {}),
  ...(env['SLACK_API_URL'] ? { slackApiUrl: env['SLACK_API_URL'] } : {}),
  channel: env['SLACK_CHANNEL'] || 'alerts',
  port,
  host: env['HOST'] || '127.0.0.1',
  logLevel: env['LOG_LEVEL'] || 'info',
  // Durable by default: what was accepted before a crash is sent after the restart.
  outbox: env['OUTBOX_PATH'] || defaultOutboxPath(),
  // One flag for several replicas: they share the outbox, the pacing and the dedupe in Redis.
  ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
  // Faster than Slack's 1/s only against an emulator scaled alike; the workspace budget scales with it.
  ...(rate !== undefined ? { notifier: { perChannelPerSecond: rate, workspacePerMinute: 120 * rate } } : {}),
});

app.logger.info(`listening on ${app.url}`);
// `app.outbox` is a path, 'memory' or 'redis': never the Redis URL, which may carry a password.
app.logger.info(
  `outbox: ${app.outbox}${app.recovered > 0 ? ` (${app.recovered} pending messages recovered from a previous run)` : ''}`,
);
if (app.emulator) {
  app.logger.info(
    `SLACK_BOT_TOKEN is not set: posting to an embedded Slack emulator, see ${app.emulator.url}`,
  );
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.logger.info(`${signal}: closing the server and flushing Slack messages`);
  const { delivered, stats } = await app.close(10_000);
  console.log(
    `stopped: ${stats.delivered} delivered, ${stats.pending} pending, ${stats.dropped} dropped, ${stats.deadLettered} dead-lettered${delivered ? '' : ' (not everything was delivered)'}`,
  );
  process.exitCode = delivered ? 0 : 1;
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

// A crash (an unhandled rejection too, which Node raises as one): report it, give Slack at most 5 s, exit 1.
// What was accepted and not sent by then stays in the SQLite outbox for the next start.
process.on('uncaughtException', (error) => {
  app.notifier.notify({ title: 'Uncaught exception', error, priority: 'high' });
  app.logger.info('uncaught exception: reported; closing and exiting with 1');
  void app.close(5_000).finally(() => process.exit(1));
});
