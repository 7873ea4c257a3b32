// Type-checked as a CommonJS module (module: nodenext): require() of the ESM package with its types.
import type { Notifier } from '@backend-notifier/core';
import {
  type SlackErrorReporterOptions,
  slackErrorReporter,
  slackHealthHandler,
} from '@backend-notifier/hono-middleware';

import hono = require('hono');

declare const notifier: Notifier;
const options: SlackErrorReporterOptions = {
  includeBody: true,
  shouldReport: (_error, c) => c.res.status >= 500,
};
const app = new hono.Hono();
app.use(slackErrorReporter(notifier, options));
app.get('/health/slack', slackHealthHandler(notifier));
export = app;
// @ts-expect-error includeBody is a boolean (proves the types resolved, not `any`)
slackErrorReporter(notifier, { includeBody: 'yes' });
