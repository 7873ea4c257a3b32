import { createNotifier } from '@backend-notifier/core';
import { backendNotifier } from '@backend-notifier/fastify-plugin';
import Fastify from 'fastify';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
});
const app = Fastify();

// Before the routes: the plugin's onError hook then sees every route's errors (prefixed plugins too).
await app.register(backendNotifier, { notifier, healthRoute: '/health/slack', includeBody: true });

app.get('/orders/:id', async () => {
  throw new Error('inventory service crashed'); // Fastify answers its usual 500; the plugin reports it
});

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });

// SIGTERM (a deploy, Kubernetes): app.close() stops taking requests, answers those in progress, then the
// plugin's onClose hook delivers what is pending, at most 10 s + 250 ms. Then the process ends (0).
process.once('SIGTERM', () => void app.close());
