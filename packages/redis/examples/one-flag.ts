import { createNotifier } from '@backend-notifier/core';
import { createRedisStore } from '@backend-notifier/redis';

// The outbox: Redis when REDIS_URL is set (every replica shares it), else the single-process default.
const store = process.env.REDIS_URL ? createRedisStore({ url: process.env.REDIS_URL }) : undefined;
const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
  ...(store ? { store } : {}),
});

notifier.notify(`replica on port ${process.env.PORT ?? 3000} is up`);
await notifier.close(10_000);
