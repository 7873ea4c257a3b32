import { createNotifier } from '@backend-notifier/core';
import { slackErrorHandler, slackHealthHandler } from '@backend-notifier/express-middleware';
import express, { type ErrorRequestHandler } from 'express';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
});
const app = express();
app.use(express.json());

app.get('/health/slack', slackHealthHandler(notifier));
app.get('/orders/:id', async () => {
  throw new Error('inventory service crashed'); // Express 5 catches the rejection; on Express 4 call next(err)
});

// After the routes, before your own error handler (it still runs: we call next(err)).
app.use(slackErrorHandler(notifier, { includeBody: true }));
const appErrors: ErrorRequestHandler = (_err, _req, res, _next) => {
  res.status(500).json({ error: 'internal' });
};
app.use(appErrors);

const server = app.listen(Number(process.env.PORT ?? 3000));

// SIGTERM (a deploy, Kubernetes, Ctrl-C with SIGINT): stop taking requests; once those in progress are
// answered, deliver what is pending, at most 10 s + 250 ms. Then nothing is left and the process ends (0).
process.once('SIGTERM', () => {
  server.close(() => void notifier.close(10_000));
});

// A crash (an unhandled rejection too): report it, deliver within 5 s, then exit as Node advises.
process.on('uncaughtException', (error) => {
  notifier.notify({ title: 'Uncaught exception', error, priority: 'high' });
  void notifier.close(5_000).finally(() => process.exit(1));
});
