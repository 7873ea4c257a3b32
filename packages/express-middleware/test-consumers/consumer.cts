// Type-checked as a CommonJS module (module: nodenext): require() of the ESM package with its types.
import type { Notifier } from '@backend-notifier/core';
import {
  type SlackErrorHandlerOptions,
  slackErrorHandler,
  slackHealthHandler,
} from '@backend-notifier/express-middleware';

import express = require('express');

declare const notifier: Notifier;
const options: SlackErrorHandlerOptions = {
  includeBody: true,
  shouldReport: (_err, _req, res) => res.statusCode >= 500,
};
const app = express();
app.get('/health/slack', slackHealthHandler(notifier));
app.use(slackErrorHandler(notifier, options));
export = app;
// @ts-expect-error includeBody is a boolean (proves the types resolved, not `any`)
slackErrorHandler(notifier, { includeBody: 'yes' });
