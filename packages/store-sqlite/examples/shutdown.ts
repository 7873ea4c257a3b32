import { createNotifier } from '@backend-notifier/core';
import { createSqliteStore } from '@backend-notifier/store-sqlite';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
  store: createSqliteStore({ path: 'data/outbox.db' }),
});

process.on('SIGTERM', async () => {
  await notifier.close(2000); // deadline; in-flight sends finish and are recorded as sent
  process.exit(0);
});
process.on('uncaughtException', (error) => {
  notifier.notify({ error, priority: 'high' }); // committed before notify() returns
  void notifier.close(2000).finally(() => process.exit(1));
});

// The app: a worker that reports its start, then runs until SIGTERM (or until it crashes).
notifier.notify('worker started');
setInterval(() => {}, 60_000);
