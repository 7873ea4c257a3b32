// An ESM app importing the package.
import * as middleware from '@backend-notifier/hono-middleware';
import { Hono } from 'hono';

const notified = [];
const notifier = {
  notify: (n) => notified.push(n.title),
  health: async () => ({ status: 'ok', checks: [] }),
};
const app = new Hono();
app.use(middleware.slackErrorReporter(notifier));
app.get('/health/slack', middleware.slackHealthHandler(notifier));
app.get('/orders/:id', async () => {
  throw new Error('boom');
});
const health = await app.request('/health/slack');
const failed = await app.request('/orders/1');
const exports = Object.keys(middleware).sort();
console.log(JSON.stringify({ kind: 'esm', exports, health: health.status, failed: failed.status, notified }));
