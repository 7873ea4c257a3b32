import type { Notifier } from '@backend-notifier/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { backendNotifier } from '../backend-notifier.js';
import type { BackendNotifierPluginOptions } from '../plugin-options.js';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * The same app with or without the plugin, so a test can compare their responses: async routes that fail
 * with a 500, a 503 under a prefix, a 4xx, a body schema (Fastify's own 400), and a plain success.
 */
export async function buildApp(
  notifier: Notifier | undefined,
  options: Omit<BackendNotifierPluginOptions, 'notifier'> = {},
  setup?: (app: FastifyInstance) => void,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  if (notifier) await app.register(backendNotifier, { notifier, ...options });
  setup?.(app);
  app.get('/orders/:id', async (request) => {
    await tick();
    throw new Error(`inventory service crashed on order ${(request.params as { id: string }).id}`);
  });
  app.post('/login', async () => {
    await tick();
    throw new Error('login backend failed');
  });
  app.get('/missing', async () => {
    throw new HttpError(404, 'no such order');
  });
  app.post(
    '/quantities',
    {
      schema: {
        body: { type: 'object', required: ['quantity'], properties: { quantity: { type: 'integer' } } },
      },
    },
    async () => ({ ok: true }),
  );
  app.get('/fine', async () => ({ ok: true }));
  await app.register(
    async (api) => {
      api.get('/payments/:paymentId', async () => {
        await tick();
        throw new HttpError(503, 'payments provider down');
      });
    },
    { prefix: '/api' },
  );
  return app;
}
