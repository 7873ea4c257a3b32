// The P4 app: an Express 5 route that throws, in its own process. Modes: `baseline` (the app's own error
// handler only), `ours` (slackErrorHandler before it), `seed` (the seed's way: the error handler awaits
// chat.postMessage of @slack/web-api with its defaults before answering).
import { createNotifier } from '@backend-notifier/core';
import { slackErrorHandler } from '@backend-notifier/express-middleware';
import express from 'express';
import { defaultWebClient, silentLogger } from './slack-clients.js';

const cfg = JSON.parse(process.argv[2]);
const app = express();
let n = 0;
app.get('/orders/:id', () => {
  n++;
  throw new Error(`inventory service refused order ${n}`);
});

let notifier;
if (cfg.mode === 'ours') {
  notifier = createNotifier({
    token: cfg.token,
    slackApiUrl: cfg.apiUrl,
    channel: cfg.channel,
    logger: silentLogger,
    healthCheckIntervalMs: 0,
  });
  await notifier.start();
  app.use(slackErrorHandler(notifier, { logger: silentLogger }));
} else if (cfg.mode === 'seed') {
  const client = defaultWebClient(cfg.token, cfg.apiUrl);
  app.use(async (err, req, _res, next) => {
    try {
      await client.chat.postMessage({
        channel: cfg.channel,
        text: `:red_circle: ${req.method} ${req.path} failed: ${err.message}`,
      });
    } catch {}
    next(err);
  });
}
app.use((_err, _req, res, _next) => {
  res.status(500).json({ error: 'internal' });
});

const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: server.address().port });
});
process.on('message', (msg) => {
  if (msg?.type !== 'stats') return;
  const cpu = process.cpuUsage();
  const stats = notifier ? notifier.stats() : {};
  process.send?.({
    type: 'reply',
    id: msg.id,
    value: {
      ...stats,
      requests: n,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMB: process.memoryUsage.rss() / 2 ** 20,
    },
  });
});
process.on('disconnect', () => process.exit(0));
