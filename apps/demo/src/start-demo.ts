import { join } from 'node:path';
import type { NotifierStats } from '@backend-notifier/core';
import type { SlackEmulator } from '@backend-notifier/slack-emulator';
import { type RunningExpressExample, startExpressExample } from 'example-express';
import { type RunningNestExample, startNestExample } from 'example-nest';
import type { DemoConfig } from './demo-config.js';
import { startEmulatorWithFallback } from './start-emulator-with-fallback.js';
import { type RunningFastifyApp, startFastifyApp } from './start-fastify-app.js';

/** Channel of each example app. */
export const DEMO_CHANNELS = Object.freeze({
  express: 'alerts-express',
  nest: 'alerts-nest',
  fastify: 'alerts-fastify',
});

/** How the shutdown went, per app. */
export interface DemoSummary {
  /** True when every app delivered everything before the flush timeout. */
  delivered: boolean;
  express: NotifierStats;
  nest: NotifierStats;
  fastify: NotifierStats;
}

/** The running demo. */
export interface RunningDemo {
  emulator: SlackEmulator;
  /** The emulator's port was taken and another one was used. */
  emulatorFellBack: boolean;
  express: RunningExpressExample;
  nest: RunningNestExample;
  fastify: RunningFastifyApp;
  /** Flushes every app (up to `flushTimeoutMs`), closes them, then the emulator. Idempotent. */
  stop(): Promise<DemoSummary>;
}

/** Starts the emulator and the three apps wired to it. */
export async function startDemo(config: DemoConfig): Promise<RunningDemo> {
  const scale = config.rateScale;
  const { emulator, fellBack } = await startEmulatorWithFallback(config.port, { rateLimits: { scale } });
  const common = { token: emulator.botToken, slackApiUrl: emulator.apiUrl, logLevel: config.logLevel };
  // Each app keeps its outbox in SQLite in the data folder, kept across runs: what a killed run left pending
  // is sent by the next one (to this run's emulator, where the channels are created anew).
  const express = await startExpressExample({
    ...common,
    outbox: join(config.dataDir, 'example-express-outbox.sqlite'),
    channel: DEMO_CHANNELS.express,
    port: config.expressPort,
    notifier: { perChannelPerSecond: scale },
  });
  const nest = await startNestExample({
    ...common,
    channel: DEMO_CHANNELS.nest,
    port: config.nestPort,
    outbox: join(config.dataDir, 'example-nest-outbox.sqlite'),
    perChannelPerSecond: scale,
  });
  const fastify = await startFastifyApp({
    token: emulator.botToken,
    slackApiUrl: emulator.apiUrl,
    channel: DEMO_CHANNELS.fastify,
    port: config.fastifyPort,
    outbox: join(config.dataDir, 'fastify-app-outbox.sqlite'),
    perChannelPerSecond: scale,
    logLevel: config.logLevel,
  });
  let stopping: Promise<DemoSummary> | undefined;
  return {
    emulator,
    emulatorFellBack: fellBack,
    express,
    nest,
    fastify,
    stop() {
      stopping ??= (async () => {
        // Flush all at once: each channel drains at its own pace, in parallel.
        const [expressDone, nestDone, fastifyDone] = await Promise.all([
          express.notifier.flush(config.flushTimeoutMs),
          nest.notifier.flush(config.flushTimeoutMs),
          fastify.notifier.flush(config.flushTimeoutMs),
        ]);
        const [e, n, f] = await Promise.all([express.close(0), nest.close(), fastify.close()]);
        await emulator.close();
        return {
          delivered: expressDone && nestDone && fastifyDone,
          express: e.stats,
          nest: n.stats,
          fastify: f.stats,
        };
      })();
      return stopping;
    },
  };
}
