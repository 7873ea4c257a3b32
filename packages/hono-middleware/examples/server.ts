import { createNotifier } from '@backend-notifier/core';
import { slackErrorReporter, slackHealthHandler } from '@backend-notifier/hono-middleware';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
});
const app = new Hono();

// First, before the routes: it sees each request's error once your error handler has answered.
app.use(slackErrorReporter(notifier, { includeBody: true }));
app.get('/health/slack', slackHealthHandler(notifier));
app.get('/orders/:id', async () => {
  throw new Error('inventory service crashed');
});
// Your error handler stays in charge of the response (without one, Hono answers 500 as usual).
app.onError((_error, c) => c.json({ error: 'internal' }, 500));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });

// SIGTERM (a deploy, Kubernetes): stop taking requests; once those in progress are answered, deliver
// what is pending, at most 10 s + 250 ms. Then nothing is left and the process ends (0).
process.once('SIGTERM', () => {
  server.close(() => void notifier.close(10_000));
});
