// A CommonJS app loading the package with require() (Node >= 20.19 loads ESM this way).
const middleware = require('@backend-notifier/hono-middleware');
const { Hono } = require('hono');

const notified = [];
const notifier = {
  notify: (n) => notified.push(n.title),
  health: async () => ({ status: 'ok', checks: [] }),
};

async function main() {
  const app = new Hono();
  app.use(middleware.slackErrorReporter(notifier));
  app.get('/health/slack', middleware.slackHealthHandler(notifier));
  app.get('/orders/:id', async () => {
    throw new Error('boom');
  });
  const health = await app.request('/health/slack');
  const failed = await app.request('/orders/1');
  const exports = Object.keys(middleware).sort();
  console.log(
    JSON.stringify({ kind: 'cjs', exports, health: health.status, failed: failed.status, notified }),
  );
}
main();
