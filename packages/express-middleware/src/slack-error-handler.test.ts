import type { AddressInfo } from 'node:net';
import { createNotifier, type Logger, type Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackErrorHandler } from './slack-error-handler.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let emu: SlackEmulator;
const notifiers: Notifier[] = [];

function notifierFor(channel: string, extra: Partial<Parameters<typeof createNotifier>[0]> = {}): Notifier {
  const notifier = createNotifier({
    token: emu.botToken,
    channel,
    slackApiUrl: emu.apiUrl,
    perChannelPerSecond: 20,
    burst: 5,
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    logger: quiet,
    ...extra,
  });
  notifiers.push(notifier);
  return notifier;
}

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
});

afterAll(async () => {
  emu.control.clearFaults();
  await Promise.all(notifiers.map((n) => n.close(500)));
  await emu.close();
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type ExpressLike = typeof express5;
type Handler = (req: express5.Request, res: express5.Response, next: express5.NextFunction) => unknown;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * The same app on either Express: routes fail asynchronously. Express 5 catches a rejected promise by
 * itself; on Express 4 the app passes it to `next` as Express 4 users must.
 */
function buildApp(express: ExpressLike, major: 4 | 5, notifier: Notifier, options = {}) {
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

async function listen(app: ReturnType<ExpressLike>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Everything Slack received for a channel, as one string: message text, blocks and attachments. */
function received(channel: string): string {
  return JSON.stringify(emu.control.messages(channel));
}

describe.each([
  { name: 'Express 5', express: express5, major: 5 as const },
  { name: 'Express 4', express: express4 as unknown as ExpressLike, major: 4 as const },
])('slackErrorHandler on $name', ({ express, major }) => {
  const channel = `alerts-express${major}`;
  let notifier: Notifier;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    notifier = notifierFor(channel);
    server = await listen(
      buildApp(express, major, notifier, { includeBody: true, includeQuery: true, includeHeaders: true }),
    );
  });
  afterAll(() => server.close());

  it('reports an async 5xx with method, route pattern, status, request id and user agent', async () => {
    const res = await fetch(`${server.url}/users/42`, {
      headers: { 'x-request-id': `req-${major}-1`, 'user-agent': `probe/${major}` },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'database exploded while loading user 42', handledBy: 'app' });
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    const text = received(channel);
    for (const expected of [
      'database exploded while loading user 42',
      'GET',
      '/users/:id',
      '500',
      `req-${major}-1`,
      `probe/${major}`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('reports the full route pattern of a mounted router and the error status', async () => {
    const before = emu.control.messages(channel).length;
    const res = await fetch(`${server.url}/api/orders/7?page=2`);
    expect(res.status).toBe(503);
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = emu.control.messages(channel);
    expect(messages).toHaveLength(before + 1);
    const last = JSON.stringify(messages.at(-1));
    expect(last).toContain('/api/orders/:orderId');
    expect(last).toContain('503');
    expect(last).toContain('orders service unavailable');
  });

  it('does not report a 4xx, and still answers it through the app', async () => {
    const before = emu.control.messages(channel).length;
    const res = await fetch(`${server.url}/missing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no such thing', handledBy: 'app' });
    expect(await notifier.flush(10_000)).toBe(true);
    expect(emu.control.messages(channel)).toHaveLength(before);
    expect(notifier.stats().accepted).toBe(before);
  });

  it('redacts secrets from headers, body and query; keeps the rest', async () => {
    const before = emu.control.messages(channel).length;
    const res = await fetch(`${server.url}/login?access_token=CANARY-QUERY&page=3`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer xoxb-CANARY-HEADER',
        cookie: 'sid=CANARY-COOKIE',
        'x-api-key': 'CANARY-APIKEY',
        'proxy-authorization': 'Basic CANARY-PROXY',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        user: 'alice',
        password: 'CANARY-PASSWORD',
        profile: { sessionId: 'CANARY-SESSION', keys: [{ api_key: 'CANARY-NESTED' }], city: 'Lyon' },
      }),
    });
    expect(res.status).toBe(500);
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = emu.control.messages(channel);
    expect(messages).toHaveLength(before + 1);
    const last = JSON.stringify(messages.at(-1));
    expect(last).toContain('[REDACTED]');
    expect(last).toContain('alice');
    expect(last).toContain('Lyon');
    expect(last).toContain('page');
    const log = JSON.stringify(emu.control.requestLog());
    expect(received(channel)).not.toContain('CANARY');
    expect(log).not.toContain('CANARY');
  });
});

describe('slackErrorHandler defaults and failures', () => {
  it('leaves headers, body and query out unless asked', async () => {
    const channel = 'alerts-defaults';
    const notifier = notifierFor(channel);
    const server = await listen(buildApp(express5, 5, notifier));
    try {
      await fetch(`${server.url}/login?page=9`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-custom': 'visible-header' },
        body: JSON.stringify({ user: 'bob-the-body' }),
      });
      expect(await notifier.flush(10_000)).toBe(true);
      const text = received(channel);
      expect(text).toContain('login backend failed');
      expect(text).not.toContain('bob-the-body');
      expect(text).not.toContain('visible-header');
      expect(text).not.toContain('page');
    } finally {
      await server.close();
    }
  });

  it('honours shouldReport', async () => {
    const channel = 'alerts-should-report';
    const notifier = notifierFor(channel);
    const seen: number[] = [];
    const server = await listen(
      buildApp(express5, 5, notifier, {
        shouldReport: (err: unknown) => {
          seen.push((err as HttpError).status ?? 500);
          return (err as HttpError).status === 404;
        },
      }),
    );
    try {
      await fetch(`${server.url}/users/1`);
      await fetch(`${server.url}/missing`);
      expect(await notifier.flush(10_000)).toBe(true);
      expect(seen).toEqual([500, 404]);
      const messages = emu.control.messages(channel);
      expect(messages).toHaveLength(1);
      expect(JSON.stringify(messages)).toContain('no such thing');
    } finally {
      await server.close();
    }
  });

  it('never throws: a failing notifier or shouldReport is logged and the app still answers', async () => {
    const logged: Array<{ message: string; meta: unknown }> = [];
    const broken = {
      ...notifierFor('alerts-broken'),
      notify() {
        throw new Error('notifier exploded');
      },
    } as Notifier;
    const logger = { error: (message: string, meta?: unknown) => logged.push({ message, meta }) };
    const server = await listen(buildApp(express5, 5, broken, { logger }));
    const throwingPolicy = await listen(
      buildApp(express4 as unknown as ExpressLike, 4, broken, {
        logger,
        shouldReport: () => {
          throw new Error('policy exploded');
        },
      }),
    );
    try {
      const a = await fetch(`${server.url}/users/1`);
      expect(a.status).toBe(500);
      expect(await a.json()).toMatchObject({ handledBy: 'app' });
      const b = await fetch(`${throwingPolicy.url}/users/1`);
      expect(b.status).toBe(500);
      expect(await b.json()).toMatchObject({ handledBy: 'app' });
      expect(logged).toHaveLength(2);
      expect(logged[0]?.meta).toMatchObject({ source: 'backend-notifier', failure: 'notifier exploded' });
      expect(logged[1]?.meta).toMatchObject({ source: 'backend-notifier', failure: 'policy exploded' });
    } finally {
      await server.close();
      await throwingPolicy.close();
    }
  });

  it('answers fast while Slack hangs: the response never waits for the post', async () => {
    const channel = 'alerts-hang';
    const notifier = notifierFor(channel, { timeoutMs: 10_000 });
    await notifier.start();
    emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'hang', ms: 5000 } });
    const server = await listen(buildApp(express5, 5, notifier));
    try {
      const timings: number[] = [];
      const timed = async () => {
        const started = performance.now();
        const res = await fetch(`${server.url}/users/9`);
        await res.arrayBuffer();
        timings.push(performance.now() - started);
        expect(res.status).toBe(500);
      };
      await timed();
      // A hang records the message first: once it is there, Slack's answer is what we are waiting for.
      await expect.poll(() => emu.control.messages(channel).length, { timeout: 10_000 }).toBe(1);
      const hangingSince = performance.now();
      for (let i = 0; i < 5; i++) await timed();
      expect(performance.now() - hangingSince).toBeLessThan(4000);
      // Slack has the message but has not answered: nothing counts as delivered yet.
      expect(notifier.stats().delivered).toBe(0);
      expect(Math.max(...timings)).toBeLessThan(200);
    } finally {
      emu.control.clearFaults();
      await server.close();
    }
  });
});
