// The Fastify README's wiring, from the tarballs: a failing route gets Fastify's own 500, its report reaches
// the emulator, the health route answers the notifier's report, and fastify.close() closes the notifier.
import { createNotifier } from '@backend-notifier/core';
import { backendNotifier } from '@backend-notifier/fastify-plugin';
import Fastify from 'fastify';
import { emulatorEnv, expectOneMessage, run } from './lib/emulator.mjs';

run('fastify-plugin (ESM, Fastify 5)', async () => {
  const { apiUrl, token } = emulatorEnv();
  const channel = 'smoke-fastify';
  const marker = `fastify-smoke-${process.pid}`;
  const notifier = createNotifier({ token, channel, slackApiUrl: apiUrl });
  const app = Fastify();
  await app.register(backendNotifier, { notifier, healthRoute: '/health/slack', closeTimeoutMs: 5000 });
  app.get('/orders/:id', async () => {
    throw new Error(`inventory service crashed (${marker})`);
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const res = await fetch(`${base}/orders/42`);
    const body = await res.json();
    if (res.status !== 500 || body.error !== 'Internal Server Error') {
      throw new Error(`GET /orders/42: ${res.status} ${JSON.stringify(body)}`);
    }
    if (app.notifier !== notifier) throw new Error('fastify.notifier is not the notifier');
    const health = await fetch(`${base}/health/slack`);
    const report = await health.json();
    if (health.status !== 200 || report.status === 'down') {
      throw new Error(`GET /health/slack: ${health.status} ${JSON.stringify(report)}`);
    }
  } finally {
    // The plugin's onClose hook closes the notifier: the report is delivered before close() resolves.
    await app.close();
  }
  const { delivered } = notifier.stats();
  if (delivered !== 1) throw new Error(`after app.close(): ${delivered} delivered, expected 1`);
  await expectOneMessage(channel, [marker, 'GET /orders/:id failed with 500']);
  return `Fastify's 500, report "GET /orders/:id failed with 500" in #${channel} delivered by app.close(), /health/slack 200`;
});
