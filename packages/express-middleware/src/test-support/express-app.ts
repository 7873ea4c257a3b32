import type { AddressInfo } from 'node:net';
import { createNotifier, type Logger, type Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll } from 'vitest';
import { slackErrorHandler } from '../slack-error-handler.js';

export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export type ExpressLike = typeof express5;
export { express5 };
export const express4Typed = express4 as unknown as ExpressLike;

/**
 * Starts one emulator for the calling test file (closed in `afterAll`, with every notifier it made),
 * and makes notifiers pointed at it, fast enough for tests.
 */
export function useEmulator() {
  let emu: SlackEmulator | undefined;
  const notifiers: Notifier[] = [];
  beforeAll(async () => {
    emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
  });
  afterAll(async () => {
    emu?.control.clearFaults();
    await Promise.all(notifiers.map((n) => n.close(500)));
    await emu?.close();
  });
  const harness = {
    get emu(): SlackEmulator {
      if (!emu) throw new Error('the emulator starts in beforeAll');
      return emu;
    },
    notifierFor(channel: string, extra: Partial<Parameters<typeof createNotifier>[0]> = {}): Notifier {
      const notifier = createNotifier({
        token: harness.emu.botToken,
        channel,
        slackApiUrl: harness.emu.apiUrl,
        perChannelPerSecond: 20,
        burst: 5,
        timeoutMs: 2000,
        healthCheckIntervalMs: 0,
        logger: quiet,
        ...extra,
      });
      notifiers.push(notifier);
      return notifier;
    },
    /** Everything Slack received for a channel, as one string: message text, blocks and attachments. */
    received(channel: string): string {
      return JSON.stringify(harness.emu.control.messages(channel));
    },
  };
  return harness;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (req: express5.Request, res: express5.Response, next: express5.NextFunction) => unknown;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * The same app on either Express: routes fail asynchronously. Express 5 catches a rejected promise by
 * itself; on Express 4 the app passes it to `next` as Express 4 users must.
 */
export function buildApp(express: ExpressLike, major: 4 | 5, notifier: Notifier, options = {}) {
  const asyncRoute =
    (fn: (req: express5.Request) => Promise<unknown>): Handler =>
    (req, res, next) => {
      const done = fn(req).then((body) => res.json(body));
      return major === 5 ? done : done.catch(next);
    };
  const app = express();
  app.use(express.json());
  app.get(
    '/users/:id',
    asyncRoute(async (req) => {
      await tick();
      throw new Error(`database exploded while loading user ${req.params['id']}`);
    }),
  );
  app.post(
    '/login',
    asyncRoute(async () => {
      await tick();
      throw new Error('login backend failed');
    }),
  );
  app.get(
    '/missing',
    asyncRoute(async () => {
      await tick();
      throw new HttpError(404, 'no such thing');
    }),
  );
  const api = express.Router();
  api.get(
    '/orders/:orderId',
    asyncRoute(async () => {
      await tick();
      throw new HttpError(503, 'orders service unavailable');
    }),
  );
  app.use('/api', api);
  app.use(slackErrorHandler(notifier, options));
  // The app's own error handler: proves `next(err)` ran and the response is the app's, untouched.
  app.use((err: HttpError, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
    res.status(err.status ?? 500).json({ error: err.message, handledBy: 'app' });
  });
  return app;
}

export async function listen(
  app: ReturnType<ExpressLike>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
