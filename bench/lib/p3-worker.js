// One subject of the P3 storm, in its own process (so its RSS is its own): feeds `events` events of
// `fingerprints` fingerprints over `feedMs`, keeps going until `windowMs`, then reports its counters and RSS.
import http from 'node:http';
import { createNotifier } from '@backend-notifier/core';
import winston from 'winston';
import SlackHook from 'winston-slack-webhook-transport';
import { MB, sampleRss, sleep } from './measure.js';
import { defaultWebClient, silentLogger } from './slack-clients.js';

const cfg = JSON.parse(process.argv[2]);
const gc = globalThis.gc ?? (() => {});

function makeErrors(count) {
  return Array.from({ length: count }, (_, k) => {
    const e = new Error(`dependency svc-${k.toString(36)} refused the call`);
    e.name = ['TimeoutError', 'ConnectionError', 'ValidationError', 'TypeError'][k % 4];
    return e;
  });
}

async function feed(send) {
  const errors = makeErrors(cfg.fingerprints);
  const chunk = 500;
  const started = Date.now();
  for (let i = 0; i < cfg.events; ) {
    const end = Math.min(cfg.events, i + chunk);
    for (; i < end; i++) send(i, errors[i % cfg.fingerprints]);
    // Keep to the arrival rate: events / feedMs.
    const due = started + (i / cfg.events) * cfg.feedMs;
    const wait = due - Date.now();
    await (wait > 0 ? sleep(wait) : new Promise((r) => setImmediate(r)));
  }
  return Date.now() - started;
}

async function ours() {
  const notifier = createNotifier({
    token: cfg.token,
    slackApiUrl: cfg.apiUrl,
    channel: cfg.channel,
    perChannelPerSecond: cfg.scale,
    workspacePerMinute: 120 * cfg.scale,
    logger: silentLogger,
    healthCheckIntervalMs: 0,
    // Rates are SCALE× Slack's, so every interval of the defaults is SCALE× shorter too: the storm keeps the
    // shape it has at Slack's real speed (the options are ignored by a core without storm control).
    retry: { backoff: { baseMs: 1000 / cfg.scale, maxMs: 60_000 / cfg.scale } },
    grouping: {
      windowMs: 600_000 / cfg.scale,
      intervalMs: 30_000 / cfg.scale,
      repeatAfterMs: 600_000 / cfg.scale,
    },
    digest: { afterMs: 60_000 / cfg.scale },
  });
  await notifier.start();
  gc();
  const rss = sampleRss();
  const t0 = Date.now();
  const fedMs = await feed((i, error) => {
    notifier.notify({
      error,
      fingerprint: `fp-${i % cfg.fingerprints}`,
      priority: i % 10 === 0 ? 'high' : 'normal',
    });
  });
  const remaining = cfg.windowMs - (Date.now() - t0);
  const flushed = await notifier.flush(Math.max(0, remaining));
  const stats = notifier.stats();
  const mem = rss.stop();
  const elapsedMs = Date.now() - t0;
  await notifier.close(0);
  return {
    stats,
    flushed,
    fedMs,
    elapsedMs,
    rssGrowthMB: (mem.peak - mem.start) / MB,
    rssStartMB: mem.start / MB,
  };
}

async function rawWebApi() {
  const client = defaultWebClient(cfg.token, cfg.apiUrl);
  gc();
  const rss = sampleRss();
  const t0 = Date.now();
  let delivered = 0;
  let failed = 0;
  const fedMs = await feed((_i, error) => {
    client.chat
      .postMessage({ channel: cfg.channel, text: `${error.name}: ${error.message}\n${error.stack}` })
      .then(
        () => delivered++,
        () => failed++,
      );
  });
  await sleep(Math.max(0, cfg.windowMs - (Date.now() - t0)));
  const mem = rss.stop();
  return {
    delivered,
    failed,
    fedMs,
    elapsedMs: Date.now() - t0,
    rssGrowthMB: (mem.peak - mem.start) / MB,
    rssStartMB: mem.start / MB,
  };
}

async function webhook() {
  // Uncapped, the transport opens one socket per event (axios, no concurrency limit) and runs out of file
  // descriptors (ulimit 20,000 here): the cap keeps the machine usable; it only slows this subject down.
  http.globalAgent.maxSockets = cfg.maxSockets;
  const logger = winston.createLogger({
    transports: [new SlackHook({ webhookUrl: cfg.hookUrl, level: 'error' })],
  });
  let delivered = 0;
  logger.transports[0].on('logged', () => delivered++);
  gc();
  const rss = sampleRss();
  const t0 = Date.now();
  const fedMs = await feed((_, error) =>
    logger.error(`${error.name}: ${error.message}`, { stack: error.stack }),
  );
  await sleep(Math.max(0, cfg.windowMs - (Date.now() - t0)));
  const mem = rss.stop();
  return {
    delivered,
    fedMs,
    elapsedMs: Date.now() - t0,
    rssGrowthMB: (mem.peak - mem.start) / MB,
    rssStartMB: mem.start / MB,
  };
}

const subjects = { ours, rawWebApi, webhook };
process.on('disconnect', () => process.exit(0));
const result = await subjects[cfg.subject]();
process.send?.({ type: 'ready', result });
