// Type-checked as an ES module (module: nodenext).
import type { Notifier } from '@backend-notifier/core';
import { slackErrorReporter, slackHealthHandler } from '@backend-notifier/hono-middleware';
import { Hono } from 'hono';

declare const notifier: Notifier;
const app = new Hono();
app.use(slackErrorReporter(notifier, { redactKeys: ['x-tenant-secret', /^private_/] }));
app.get('/health/slack', slackHealthHandler(notifier));
// @ts-expect-error an unknown option is a type error
slackErrorReporter(notifier, { includeBodies: true });
export default app;
