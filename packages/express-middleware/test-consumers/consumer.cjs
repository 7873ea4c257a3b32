// A CommonJS app loading the package with require() (Node >= 20.19 loads ESM this way).
const middleware = require('@backend-notifier/express-middleware');
const express = require('express');

const app = express();
const notifier = { notify: () => ({}), health: async () => ({ status: 'ok', checks: [] }) };
app.use(middleware.slackErrorHandler(notifier));
app.get('/health/slack', middleware.slackHealthHandler(notifier));
console.log(JSON.stringify({ kind: 'cjs', exports: Object.keys(middleware).sort() }));
