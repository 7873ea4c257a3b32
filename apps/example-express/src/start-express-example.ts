import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNotifier,
  type Notifier,
  type NotifierOptions,
  type NotifierStats,
} from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { createNotifierLogger, SlackTransport } from '@backend-notifier/winston-transport';
import type winston from 'winston';
import { createApp } from './create-app.js';
import { createLogger } from './create-logger.js';
import { createOutbox } from './create-outbox.js';

/** Options of {@link startExpressExample}. */
export interface StartExpressExampleOptions {
  /** Bot token. When absent, an embedded Slack emulator is started and its token used. @default undefined */
  token?: string;
  /** Slack Web API base URL (with `token`). @default Slack itself, or the embedded emulator */
  slackApiUrl?: string;
  /** Channel name, created or found, then joined. @default 'alerts' */
  channel?: string;
  /** HTTP port; 0 picks a free one. @default 3000 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Console log level; 'silent' writes nothing. @default 'info' */
  logLevel?: string;
  /**
   * Where accepted messages wait: a SQLite file (durable across crashes and restarts) or `'memory'`.
   * @default 'memory'
   */
  outbox?: string;
  /**
   * A Redis URL: use the outbox several replicas share (`@backend-notifier/redis`) instead of `outbox`.
   * The health check then runs every 10 s, so an idle replica picks up a dead one's messages. Never logged.
   * @default undefined
   */
  redisUrl?: string;
  /** More notifier options (rates…). @default {} */
  notifier?: Partial<NotifierOptions>;
}

/** The running app. */
export interface RunningExpressExample {
  /** e.g. `http://127.0.0.1:3000/` */
  url: string;
  server: Server;
  notifier: Notifier;
  logger: winston.Logger;
  /** The embedded emulator, when no token was given. */
  emulator: SlackEmulator | undefined;
  /** The outbox in use: a SQLite file path, `'memory'` or `'redis'`. */
  outbox: string;
  /** Messages a previous run left pending in the (SQLite) outbox, counted at start; they are sent now. */
  recovered: number;
  /** Stops accepting requests, flushes Slack messages (up to `timeoutMs`), stops. Idempotent. */
  close(timeoutMs?: number): Promise<{ delivered: boolean; stats: NotifierStats }>;
}

/** Starts the example app: notifier, Winston with the Slack transport, Express on a port. */
export async function startExpressExample(
  options: StartExpressExampleOptions = {},
): Promise<RunningExpressExample> {
  const emulator = options.token === undefined ? await startSlackEmulator({ port: 0 }) : undefined;
  const logLevel = options.logLevel ?? 'info';
  const logger = createLogger({
    level: logLevel === 'silent' ? 'error' : logLevel,
    silent: logLevel === 'silent',
  });
  const outbox = createOutbox({
    path: options.outbox ?? 'memory',
    ...(options.redisUrl !== undefined ? { redisUrl: options.redisUrl } : {}),
  });
  const notifier = createNotifier({
    token: options.token ?? (emulator as SlackEmulator).botToken,
    channel: options.channel ?? 'alerts',
    ...(emulator ? { slackApiUrl: emulator.apiUrl } : {}),
    ...(options.slackApiUrl !== undefined ? { slackApiUrl: options.slackApiUrl } : {}),
    store: outbox.store,
    // With a shared outbox an idle replica finds a dead replica's messages at this check.
    ...(outbox.shared ? { healthCheckIntervalMs: 10_000 } : {}),
    // Its own log lines carry source 'backend-notifier', so the Slack transport below skips them; and
    // createNotifierLogger writes only the levels the logger has on, nothing once the logger is closed.
    logger: createNotifierLogger(logger),
    ...options.notifier,
  });
  // A synchronous store (SQLite) has already put back what a previous run left: the notifier counts it pending.
  const recovered = notifier.stats().pending;
  logger.add(new SlackTransport({ notifier }));
  const app = createApp({ notifier, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 3000, options.host ?? '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<{ delivered: boolean; stats: NotifierStats }> | undefined;
  return {
    url: `http://${host}:${port}/`,
    server,
    notifier,
    logger,
    emulator,
    outbox: outbox.description,
    recovered,
    close(timeoutMs = 5000) {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        const delivered = await notifier.close(timeoutMs);
        const stats = notifier.stats();
        // The logger stays open: a late line still reaches the console (the Slack transport then drops it, counted).
        await emulator?.close();
        return { delivered, stats };
      })();
      return closing;
    },
  };
}
