// The Express README's wiring, from the tarballs: a failing route is answered by the app's own error
// handler at once, and its report reaches the emulator; the health route answers the notifier's report.
import { once } from 'node:events';
import { createNotifier } from '@backend-notifier/core';
import { slackErrorHandler, slackHealthHandler } from '@backend-notifier/express-middleware';
import express from 'express';
import { emulatorEnv, expectOneMessage, run } from './lib/emulator.mjs';

run('express-middleware (ESM, Express 5)', async () => {
  const { apiUrl, token } = emulatorEnv();
  const channel = 'smoke-express';
  const marker = `express-smoke-${process.pid}`;
  const notifier = createNotifier({ token, channel, slackApiUrl: apiUrl });
  const app = express();
  app.get('/health/slack', slackHealthHandler(notifier));
  app.get('/orders/:id', async () => {
    throw new Error(`inventory service crashed (${marker})`);
  });
  app.use(slackErrorHandler(notifier));
  app.use((_err, _req, res, _next) => {
    res.status(500).json({ error: 'internal' });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const res = await fetch(`${base}/orders/42`);
    const body = await res.json();
    if (res.status !== 500 || body.error !== 'internal') {
      throw new Error(`GET /orders/42: ${res.status} ${JSON.stringify(body)}`);
    }
    if (!(await notifier.flush(5000))) throw new Error('flush(5000) did not deliver everything');
    const health = await fetch(`${base}/health/slack`);
    const report = await health.json();
    if (health.status !== 200 || report.status !== 'ok') {
      throw new Error(`GET /health/slack: ${health.status} ${JSON.stringify(report)}`);
    }
  } finally {
    server.close();
    await notifier.close(5000);
  }
  await expectOneMessage(channel, [marker, 'GET /orders/:id failed with 500']);
  return `500 answered by the app, report "GET /orders/:id failed with 500" in #${channel}, /health/slack 200 ok`;
});
