import { defaultOutboxPath } from './default-outbox-path.js';
import { startNestExample } from './start-nest-example.js';

const env = process.env;
const port = env['PORT'] === undefined ? 3001 : Number(env['PORT']);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(env['PORT'])}`);
  process.exit(2);
}

const app = await startNestExample({
  ...(env['SLACK_BOT_TOKEN'] ? { token: env['SLACK_BOT_TOKEN'] } : {}),
  ...(env['SLACK_API_URL'] ? { slackApiUrl: env['SLACK_API_URL'] } : {}),
  channel: env['SLACK_CHANNEL'] || 'alerts',
  port,
  host: env['HOST'] || '127.0.0.1',
  logLevel: env['LOG_LEVEL'] || 'info',
  // Durable by default: what was accepted before a crash is sent after the restart.
  outbox: env['OUTBOX_PATH'] || defaultOutboxPath(),
});

app.logger.info(`listening on ${app.url}`);
app.logger.info(
  `outbox: ${app.outbox}${app.recovered > 0 ? ` (${app.recovered} pending messages recovered from a previous run)` : ''}`,
);
if (app.emulator) {
  app.logger.info(
    `SLACK_BOT_TOKEN is not set: posting to an embedded Slack emulator, see ${app.emulator.url}`,
  );
}

// Signals are handled here rather than with app.enableShutdownHooks(), which re-raises the signal after
// closing and so never exits with 0.
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.logger.info(`${signal}: closing the app and flushing Slack messages`);
  const { stats } = await app.close();
  console.log(
    `stopped: ${stats.delivered} delivered, ${stats.pending} pending, ${stats.dropped} dropped, ${stats.deadLettered} dead-lettered`,
  );
  process.exitCode = stats.pending + stats.inFlight === 0 ? 0 : 1;
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

// A crash (an unhandled rejection too, which Node raises as one): report it, then app.close() (the module
// gives Slack its shutdownTimeoutMs) and exit 1. What was not sent stays in the SQLite outbox.
process.on('uncaughtException', (error) => {
  app.notifier.notify({ title: 'Uncaught exception', error, priority: 'high' });
  app.logger.info('uncaught exception: reported; closing and exiting with 1');
  void app.close().finally(() => process.exit(1));
});
