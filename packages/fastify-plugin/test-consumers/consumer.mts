// Type-checked as an ES module (module: nodenext).
import type { Notifier } from '@backend-notifier/core';
import { backendNotifier } from '@backend-notifier/fastify-plugin';
import Fastify from 'fastify';

declare const notifier: Notifier;
const app = Fastify();
await app.register(backendNotifier, {
  notifier,
  healthRoute: '/health/slack',
  redactKeys: ['x-tenant-secret', /^private_/],
  closeTimeoutMs: 5000,
});
app.get('/', async (request) => request.server.notifier.stats());
// @ts-expect-error the notifier is required
await app.register(backendNotifier, {});
export default app;
