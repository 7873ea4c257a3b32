// An ESM app importing the package.
import * as plugin from '@backend-notifier/fastify-plugin';
import Fastify from 'fastify';

const notified = [];
const notifier = {
  notify: (n) => notified.push(n.title),
  health: async () => ({ status: 'ok', checks: [] }),
  close: async () => true,
};
const app = Fastify();
await app.register(plugin.backendNotifier, { notifier, healthRoute: '/health/slack' });
app.get('/orders/:id', async () => {
  throw new Error('boom');
});
const health = await app.inject('/health/slack');
const failed = await app.inject('/orders/1');
await app.close();
const exports = Object.keys(plugin).sort();
console.log(
  JSON.stringify({ kind: 'esm', exports, health: health.statusCode, failed: failed.statusCode, notified }),
);
