// Type-checked as an ES module (module: nodenext).
import type { Notifier } from '@backend-notifier/core';
import {
  type SlackErrorHandlerOptions,
  slackErrorHandler,
  slackHealthHandler,
} from '@backend-notifier/express-middleware';
import express from 'express';

declare const notifier: Notifier;
const options: SlackErrorHandlerOptions = { redactKeys: ['x-tenant-secret', /^private_/] };
const app = express();
app.get('/health/slack', slackHealthHandler(notifier));
app.use(slackErrorHandler(notifier, options));
// @ts-expect-error an unknown option is a type error
slackErrorHandler(notifier, { includeBodies: true });
export default app;
