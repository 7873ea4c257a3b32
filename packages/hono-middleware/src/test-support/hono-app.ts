import type { Notifier } from '@backend-notifier/core';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { type SlackErrorReporterOptions, slackErrorReporter } from '../slack-error-reporter.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * The same app with or without the middleware, so a test can compare their responses: async routes that
 * fail with a 500, an HTTPException 503 in a sub-app, a 404, a body the handler reads, and a success.
 */
export function buildApp(
  notifier: Notifier | undefined,
  options: SlackErrorReporterOptions = {},
  setup?: (app: Hono) => void,
): Hono {
  const app = new Hono();
  if (notifier) app.use(slackErrorReporter(notifier, options));
  setup?.(app);
  app.get('/orders/:id', async (c) => {
    await tick();
    throw new Error(`inventory service crashed on order ${c.req.param('id')}`);
  });
  app.post('/login', async (c) => {
    const body = await c.req.json();
    await tick();
    throw new Error(`login backend failed for ${typeof body}`);
  });
  app.post('/unread', async () => {
    throw new Error('failed before reading the body');
  });
  app.get('/missing', () => {
    throw new HTTPException(404, { message: 'no such order' });
  });
  app.get('/fine', (c) => c.json({ ok: true }));
  app.get('/string-thrown', () => {
    throw 'not an Error';
  });
  const traced = new Hono();
  traced.use(requestId());
  traced.get('/:id', () => {
    throw new Error('traced failure');
  });
  app.route('/traced', traced);
  const api = new Hono();
  api.get('/payments/:paymentId', async () => {
    await tick();
    throw new HTTPException(503, { message: 'payments provider down' });
  });
  app.route('/api', api);
  return app;
}
