import 'reflect-metadata';
import type { Notifier, NotifierStats } from '@backend-notifier/core';
import { BACKEND_NOTIFIER } from '@backend-notifier/nest-module';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type winston from 'winston';
import { AppModule } from './app.module.js';
import { createWinstonLogger } from './create-winston-logger.js';
import { WinstonNestLogger } from './winston-nest-logger.js';

/** Options of {@link startNestExample}. */
export interface StartNestExampleOptions {
  /** Bot token. When absent, an embedded Slack emulator is started and its token used. @default undefined */
  token?: string;
  /** Slack Web API base URL (with `token`). @default Slack itself, or the embedded emulator */
  slackApiUrl?: string;
  /** Channel name, created or found, then joined. @default 'alerts' */
  channel?: string;
  /** HTTP port; 0 picks a free one. @default 3001 */
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
  /** `chat.postMessage` rate per channel (Slack allows about 1/s). @default 1 */
  perChannelPerSecond?: number;
}

/** The running app. */
export interface RunningNestExample {
  /** e.g. `http://127.0.0.1:3001/` */
  url: string;
  app: INestApplication;
  notifier: Notifier;
  logger: winston.Logger;
  /** The embedded emulator, when no token was given. */
  emulator: SlackEmulator | undefined;
  /** The outbox in use: a SQLite file path or `'memory'`. */
  outbox: string;
  /** Messages a previous run left pending in the (SQLite) outbox, counted at start; they are sent now. */
  recovered: number;
  /** `app.close()` (the module flushes and closes the notifier), then the emulator. Idempotent. */
  close(): Promise<{ stats: NotifierStats }>;
}

/** Boots the example Nest app on a port. */
export async function startNestExample(options: StartNestExampleOptions = {}): Promise<RunningNestExample> {
  const emulator = options.token === undefined ? await startSlackEmulator({ port: 0 }) : undefined;
  const logger = createWinstonLogger(options.logLevel ?? 'info');
  const module = AppModule.forRoot(
    {
      slack: {
        token: options.token ?? (emulator as SlackEmulator).botToken,
        apiUrl: emulator ? emulator.apiUrl : options.slackApiUrl,
        channel: options.channel ?? 'alerts',
      },
      outbox: options.outbox ?? 'memory',
      perChannelPerSecond: options.perChannelPerSecond,
    },
    logger,
  );
  const app = await NestFactory.create(module, { logger: new WinstonNestLogger(logger) });
  await app.listen(options.port ?? 3001, options.host ?? '127.0.0.1');
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/`;
  const notifier = app.get<Notifier>(BACKEND_NOTIFIER);
  // No request was served yet: what is pending was put back from the SQLite outbox by a previous run.
  const recovered = notifier.stats().pending;
  let closing: Promise<{ stats: NotifierStats }> | undefined;
  return {
    url,
    app,
    notifier,
    logger,
    emulator,
    outbox: options.outbox ?? 'memory',
    recovered,
    close() {
      closing ??= (async () => {
        await app.close();
        const stats = notifier.stats();
        await emulator?.close();
        return { stats };
      })();
      return closing;
    },
  };
}
