// An ESM app importing the package.
import * as middleware from '@backend-notifier/express-middleware';
import express from 'express';

const app = express();
const notifier = { notify: () => ({}), health: async () => ({ status: 'ok', checks: [] }) };
app.use(middleware.slackErrorHandler(notifier));
app.get('/health/slack', middleware.slackHealthHandler(notifier));
console.log(JSON.stringify({ kind: 'esm', exports: Object.keys(middleware).sort() }));
