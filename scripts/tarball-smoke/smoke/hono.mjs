// The Hono README's wiring, from the tarballs, on @hono/node-server: the app's own onError answers, the
// report reaches the emulator, the health handler answers the notifier's report.
import { once } from 'node:events';
import { createNotifier } from '@backend-notifier/core';
import { slackErrorReporter, slackHealthHandler } from '@backend-notifier/hono-middleware';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { emulatorEnv, expectOneMessage, run } from './lib/emulator.mjs';

run('hono-middleware (ESM, Hono 4 on @hono/node-server)', async () => {
  const { apiUrl, token } = emulatorEnv();
  const channel = 'smoke-hono';
  const marker = `hono-smoke-${process.pid}`;
  const notifier = createNotifier({ token, channel, slackApiUrl: apiUrl });
  const app = new Hono();
  app.use(slackErrorReporter(notifier));
  app.get('/health/slack', slackHealthHandler(notifier));
  app.get('/orders/:id', async () => {
    throw new Error(`inventory service crashed (${marker})`);
  });
  app.onError((_error, c) => c.json({ error: 'internal' }, 500));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
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
  return `500 answered by app.onError, report "GET /orders/:id failed with 500" in #${channel}, /health/slack 200 ok`;
});
