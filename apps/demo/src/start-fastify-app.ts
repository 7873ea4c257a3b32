import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createNotifier, type Notifier, type NotifierStats } from '@backend-notifier/core';
import { backendNotifier } from '@backend-notifier/fastify-plugin';
import { createNotifierLogger } from '@backend-notifier/pino-transport';
import { createSqliteStore } from '@backend-notifier/store-sqlite';
import Fastify from 'fastify';
import { pino } from 'pino';

/**
 * A pino destination that prints each line the way the other apps of the demo print theirs
 * (`error [fastify-app] message: error`), instead of pino's JSON.
 */
function consoleLines(name: string): { write(line: string): void } {
  return {
    write(line) {
      const { level, msg, err } = JSON.parse(line) as {
        level: number;
        msg?: string;
        err?: { message?: string };
      };
      const label = pino.levels.labels[level] ?? String(level);
      const error = err?.message !== undefined && err.message !== msg ? `: ${err.message}` : '';
      process.stdout.write(`${label} [${name}] ${msg ?? ''}${error}\n`);
    },
  };
}

/** Options of {@link startFastifyApp}. */
export interface StartFastifyAppOptions {
  token: string;
  slackApiUrl: string;
  channel: string;
  /** SQLite file of the outbox, kept across runs. */
  outbox: string;
  /** @default 0 (any free port) */
  port?: number;
  /** Slack's per-channel rate, scaled like the emulator's. @default 1 */
  perChannelPerSecond?: number;
  /** pino level of the app's logger (Fastify's and the notifier's), or `silent`. @default 'error' */
  logLevel?: string;
}

/** The running Fastify app of the demo. */
export interface RunningFastifyApp {
  url: string;
  notifier: Notifier;
  /** Messages a previous run left pending in the outbox, counted at start; they are sent now. */
  recovered: number;
  /** `fastify.close()`: the server stops, then the plugin's onClose closes the notifier. Idempotent. */
  close(): Promise<{ stats: NotifierStats }>;
}

/**
 * The demo's third app: Fastify 5 with `@backend-notifier/fastify-plugin`, as a Fastify user wires it. Its
 * logger is pino (Fastify's own), and the notifier logs into it through pino-transport's
 * `createNotifierLogger`. Routes: `GET /orders/:id` fails with a 500, `GET /payments/:id` with a 503 (both
 * reported), `GET /missing` answers a 404 (not reported), `GET /health/slack` the notifier's health.
 */
export async function startFastifyApp(options: StartFastifyAppOptions): Promise<RunningFastifyApp> {
  const level = options.logLevel ?? 'error';
  const log = pino({ level: level === 'silent' ? 'silent' : level }, consoleLines('fastify-app'));
  mkdirSync(dirname(options.outbox), { recursive: true });
  const notifier = createNotifier({
    token: options.token,
    channel: options.channel,
    slackApiUrl: options.slackApiUrl,
    store: createSqliteStore({ path: options.outbox }),
    perChannelPerSecond: options.perChannelPerSecond ?? 1,
    logger: createNotifierLogger(log),
  });
  // A synchronous store (SQLite) has already put back what a previous run left: the notifier counts it pending.
  const recovered = notifier.stats().pending;
  const app = Fastify({ loggerInstance: log });
  await app.register(backendNotifier, { notifier, healthRoute: '/health/slack' });
  app.get('/orders/:id', async (request) => {
    const { id } = request.params as { id: string };
    throw new Error(`inventory lookup failed for order ${id}`);
  });
  app.get('/payments/:id', async () => {
    throw Object.assign(new Error('payments provider unavailable'), { statusCode: 503 });
  });
  app.get('/missing', async (_request, reply) => reply.code(404).send({ error: 'no such thing' }));
  const url = await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  let closing: Promise<{ stats: NotifierStats }> | undefined;
  return {
    url: `${url}/`,
    notifier,
    recovered,
    close() {
      closing ??= app.close().then(() => ({ stats: notifier.stats() }));
      return closing;
    },
  };
}
