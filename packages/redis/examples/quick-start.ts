import { createNotifier } from '@backend-notifier/core';
import { createRedisStore } from '@backend-notifier/redis';

const store = createRedisStore({ url: process.env.REDIS_URL }); // e.g. redis://:password@redis:6379
const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
  store,
});

notifier.notify({ text: 'Nightly import finished', priority: 'low' });
// Before the process ends: deliver what this replica accepted (at most 10 s), then close the Redis
// connections. Not delivered by then: it stays in Redis, and any replica sends it.
const delivered = await notifier.close(10_000);
console.log(delivered ? 'delivered' : 'left in Redis for the other replicas');
