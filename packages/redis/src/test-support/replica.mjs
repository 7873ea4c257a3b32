// One replica of an app using the BUILT core and the BUILT Redis store, run as a child process (fork) so a
// test can SIGKILL it. Config comes as JSON in argv[2]; commands arrive over IPC. Every log line goes to
// stdout as JSON, so a test can check it for secrets.
import { performance } from 'node:perf_hooks';
import { createNotifier } from '@backend-notifier/core';
import { createRedisStore } from '../../dist/index.js';

const config = JSON.parse(process.argv[2] ?? '{}');
const log = (level) => (message, meta) =>
  process.stdout.write(`${JSON.stringify({ level, message, meta: meta ?? {} })}\n`);
const logger = { debug: () => {}, info: log('info'), warn: log('warn'), error: log('error') };

const store = createRedisStore({
  url: config.redisUrl,
  prefix: config.prefix,
  lockDurationMs: config.lockDurationMs,
  stalledIntervalMs: config.stalledIntervalMs,
  commandTimeoutMs: config.commandTimeoutMs,
  burst: config.burst,
  sendTimeoutMs: config.sendTimeoutMs,
  strictSpacing: config.strictSpacing,
  maxItems: config.maxItems,
  lossGraceMs: config.lossGraceMs,
  logger,
});
// What this process itself sent: the notifier acks an item right after its own post succeeded. With a shared
// store, stats().delivered counts this process's items wherever they were posted, so it cannot tell.
let sent = 0;
const ack = store.ack.bind(store);
store.ack = (id) => {
  sent++;
  return ack(id);
};
store.onHealthChange((health) => process.send?.({ type: 'store-health', health, at: Date.now() }));
const notifier = createNotifier({
  token: config.token,
  slackApiUrl: config.apiUrl,
  channel: config.channelA,
  routes: { b: config.channelB },
  store,
  perChannelPerSecond: config.perChannelPerSecond,
  burst: config.burst,
  workspacePerMinute: config.workspacePerMinute,
  healthCheckIntervalMs: config.healthCheckIntervalMs,
  retry: { backoff: { baseMs: 100, maxMs: 1000 } },
  timeoutMs: config.timeoutMs ?? 5000,
  logger,
});

// With `trackReceipts`, how each message's receipt settled (uid → outcome), for tests that compare with Slack.
const outcomes = {};
const handlers = {
  async notify({ batch }) {
    const durations = [];
    for (const { route, uid, priority } of batch) {
      const t0 = performance.now();
      const receipt = notifier.notify({
        text: `message ${uid}`,
        channel: route,
        priority: priority ?? 'normal',
        fields: { uid },
      });
      durations.push(performance.now() - t0);
      if (config.trackReceipts) {
        outcomes[uid] = { status: 'pending' };
        void receipt.delivered.then((o) => {
          outcomes[uid] = o;
        });
      }
    }
    return { durations };
  },
  async outcomes() {
    return { outcomes };
  },
  async flush({ timeoutMs }) {
    const t0 = performance.now();
    const flushed = await notifier.flush(timeoutMs);
    return { flushed, ms: performance.now() - t0 };
  },
  async health() {
    const stats = notifier.stats();
    return { notifier: await notifier.health(), store: await store.storeHealth(), stats, sent };
  },
  async dedupe({ fingerprint, windowMs }) {
    return { result: await store.claimFingerprint(fingerprint, windowMs) };
  },
  async repeat({ fingerprint }) {
    return { count: await store.countRepeat(fingerprint) };
  },
  async id() {
    return { instanceId: store.instanceId };
  },
  async close() {
    return { delivered: await notifier.close(3000) };
  },
};

process.on('message', (msg) => {
  const handler = handlers[msg.type];
  if (handler === undefined) return;
  handler(msg).then(
    (value) => process.send?.({ type: 'reply', id: msg.id, value }),
    (error) => process.send?.({ type: 'reply', id: msg.id, error: String(error) }),
  );
});

notifier.start().then(
  () => process.send?.({ type: 'ready' }),
  (error) => process.send?.({ type: 'ready', error: String(error) }),
);
