// One P5 replica (a child process): `ours` = the core on the shared Redis outbox; `raw` = the seed's
// @slack/web-api client with its defaults. Config as JSON in argv[2]; `notify` and `stats` over IPC.
import { createNotifier } from '@backend-notifier/core';
import { createRedisStore } from '@backend-notifier/redis';
import { defaultWebClient, silentLogger } from './slack-clients.js';

const cfg = JSON.parse(process.argv[2]);
let notifier;
let client;
let rawOk = 0;
let rawFailed = 0;
if (cfg.mode === 'ours') {
  const store = createRedisStore({ url: cfg.redisUrl, prefix: cfg.prefix, burst: 1 });
  notifier = createNotifier({
    token: cfg.token,
    slackApiUrl: cfg.apiUrl,
    channel: cfg.channels[0],
    routes: { b: cfg.channels[1] },
    store,
    perChannelPerSecond: cfg.rate,
    workspacePerMinute: 60 * cfg.rate * 4,
    logger: silentLogger,
    healthCheckIntervalMs: 0,
  });
  await notifier.start();
} else {
  client = defaultWebClient(cfg.token, cfg.apiUrl);
}

process.on('message', (msg) => {
  if (msg?.type === 'notify') {
    for (const { route, text } of msg.batch) {
      if (notifier) notifier.notify({ text, channel: route });
      else
        client.chat.postMessage({ channel: route ?? cfg.channels[0], text }).then(
          () => rawOk++,
          () => rawFailed++,
        );
    }
    process.send?.({ type: 'reply', id: msg.id, value: true });
  } else if (msg?.type === 'stats') {
    process.send?.({
      type: 'reply',
      id: msg.id,
      value: notifier ? notifier.stats() : { delivered: rawOk, failed: rawFailed },
    });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
