// A CommonJS app loading the package with require() (Node >= 20.19 loads ESM this way).
const plugin = require('@backend-notifier/fastify-plugin');
const Fastify = require('fastify');

const notified = [];
const notifier = {
  notify: (n) => notified.push(n.title),
  health: async () => ({ status: 'ok', checks: [] }),
  close: async () => true,
};

async function main() {
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
    JSON.stringify({ kind: 'cjs', exports, health: health.statusCode, failed: failed.statusCode, notified }),
  );
}
main();
