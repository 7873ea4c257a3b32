import { createNotifier, type Notifier, type NotifierOptions } from '@backend-notifier/core';
import { useSlackEmulator } from '@backend-notifier/test-support';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, HttpError } from './test-support/fastify-app.js';

const harness = useSlackEmulator();
const notifierFor = (channel: string, extra: Partial<NotifierOptions> = {}) =>
  harness.track(createNotifier({ ...harness.notifierOptions(channel), ...extra }));
const { received } = harness;

/** What a client sees, minus the headers that differ per response. */
const seen = (res: LightMyRequestResponse) => ({
  status: res.statusCode,
  body: res.body,
  type: res.headers['content-type'],
  length: res.headers['content-length'],
});

describe('backendNotifier with inject()', () => {
  const channel = 'alerts-fastify-inject';
  let notifier: Notifier;
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    notifier = notifierFor(channel);
    app = await buildApp(notifier, { closeNotifier: false });
    bare = await buildApp(undefined);
  });
  afterAll(async () => {
    await app.close();
    await bare.close();
  });

  it('decorates fastify.notifier', () => {
    expect(app.notifier).toBe(notifier);
  });

  it("reports a 500 once with method, route pattern, status, request id and user agent; Fastify's response unchanged", async () => {
    const request = {
      method: 'GET' as const,
      url: '/orders/17?page=2',
      headers: { 'x-request-id': 'fastify-req-1', 'user-agent': 'probe/1.0' },
    };
    const res = await app.inject(request);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'inventory service crashed on order 17',
    });
    expect(seen(res)).toEqual(seen(await bare.inject(request)));
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = harness.emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('GET /orders/:id failed with 500');
    const text = received(channel);
    for (const expected of ['inventory service crashed on order 17', 'fastify-req-1', 'probe/1.0', 'Route']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('page=2');
    expect(notifier.stats().accepted).toBe(1);
  });

  it("uses Fastify's request id when there is no x-request-id header, and the prefixed route pattern", async () => {
    const res = await app.inject({ method: 'GET', url: '/api/payments/p-9' });
    expect(res.statusCode).toBe(503);
    expect(await notifier.flush(10_000)).toBe(true);
    const last = JSON.stringify(harness.emu.control.messages(channel).at(-1));
    expect(last).toContain('GET /api/payments/:paymentId failed with 503');
    expect(last).toContain('payments provider down');
    // inject() requests get Fastify's generated ids (req-1, req-2...).
    expect(last).toMatch(/req-\d+/);
  });

  it('does not report a 404 (no route, or a thrown 404) or a schema 400; their responses are unchanged', async () => {
    const before = notifier.stats().accepted;
    const requests = [
      { method: 'GET' as const, url: '/no/such/route' },
      { method: 'GET' as const, url: '/missing' },
      { method: 'POST' as const, url: '/quantities', payload: { quantity: 'lots' } },
      { method: 'GET' as const, url: '/fine' },
    ];
    const statuses: number[] = [];
    for (const request of requests) {
      const res = await app.inject(request);
      statuses.push(res.statusCode);
      expect(seen(res)).toEqual(seen(await bare.inject(request)));
    }
    expect(statuses).toEqual([404, 404, 400, 200]);
    expect(await notifier.flush(10_000)).toBe(true);
    expect(notifier.stats().accepted).toBe(before);
  });
});

describe('backendNotifier: redaction, options and failures', () => {
  it('adds headers, body and query only when asked, redacted', async () => {
    const request = {
      method: 'POST' as const,
      url: '/login?access_token=CANARY-QUERY&page=3',
      headers: {
        authorization: 'Bearer xoxb-CANARY-HEADER',
        cookie: 'sid=CANARY-COOKIE',
        'x-api-key': 'CANARY-APIKEY',
        'x-tenant': 'tenant-7',
      },
      payload: {
        user: 'alice',
        password: 'CANARY-PASSWORD',
        profile: { sessionId: 'CANARY-SESSION', city: 'Lyon' },
      },
    };
    const quietNotifier = notifierFor('alerts-fastify-redact-off');
    const loudNotifier = notifierFor('alerts-fastify-redact-on');
    const quiet = await buildApp(quietNotifier, { closeNotifier: false });
    const loud = await buildApp(loudNotifier, {
      closeNotifier: false,
      includeHeaders: true,
      includeBody: true,
      includeQuery: true,
    });
    try {
      expect((await quiet.inject(request)).statusCode).toBe(500);
      expect((await loud.inject(request)).statusCode).toBe(500);
      expect(await quietNotifier.flush(10_000)).toBe(true);
      expect(await loudNotifier.flush(10_000)).toBe(true);
      const off = received('alerts-fastify-redact-off');
      expect(off).toContain('login backend failed');
      for (const absent of ['tenant-7', 'alice', 'page', 'REDACTED']) expect(off).not.toContain(absent);
      const on = received('alerts-fastify-redact-on');
      for (const present of ['[REDACTED]', 'tenant-7', 'alice', 'Lyon', 'page'])
        expect(on).toContain(present);
      expect(off + on).not.toContain('CANARY');
      expect(JSON.stringify(harness.emu.control.requestLog())).not.toContain('CANARY');
    } finally {
      await quiet.close();
      await loud.close();
    }
  });

  it("keeps the app's own error handler in charge, and honours shouldReport", async () => {
    const channel = 'alerts-fastify-handler';
    const notifier = notifierFor(channel);
    const decided: number[] = [];
    const app = await buildApp(
      notifier,
      {
        closeNotifier: false,
        shouldReport: (error) => {
          decided.push((error as HttpError).statusCode ?? 500);
          return error instanceof HttpError;
        },
      },
      (instance) =>
        instance.setErrorHandler((error, _request, reply) => {
          void reply.code(599).send({ handledBy: 'app', message: (error as Error).message });
        }),
    );
    try {
      const failing = await app.inject({ method: 'GET', url: '/orders/1' });
      expect(failing.statusCode).toBe(599);
      expect(failing.json()).toEqual({ handledBy: 'app', message: 'inventory service crashed on order 1' });
      const missing = await app.inject({ method: 'GET', url: '/missing' });
      expect(missing.json()).toEqual({ handledBy: 'app', message: 'no such order' });
      expect(await notifier.flush(10_000)).toBe(true);
      expect(decided).toEqual([500, 404]);
      const messages = harness.emu.control.messages(channel);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toContain('GET /missing failed with 404');
    } finally {
      await app.close();
    }
  });

  it('a throwing shouldReport is logged with the source marker, and the response is unchanged', async () => {
    const notifier = notifierFor('alerts-fastify-broken');
    const logged: Array<[string, unknown]> = [];
    const app = await buildApp(notifier, {
      closeNotifier: false,
      shouldReport: () => {
        throw new Error('filter bug');
      },
      logger: { error: (message, meta) => logged.push([message, meta]) },
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/orders/3' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ message: 'inventory service crashed on order 3' });
      expect(logged).toEqual([
        ['backendNotifier: could not report an error', { source: 'backend-notifier', failure: 'filter bug' }],
      ]);
      expect(notifier.stats().accepted).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('routes reports to a named channel of the notifier', async () => {
    const notifier = notifierFor('alerts-fastify-default', {
      routes: { payments: 'alerts-fastify-payments' },
    });
    const app = await buildApp(notifier, { closeNotifier: false, channel: 'payments' });
    try {
      await app.inject({ method: 'GET', url: '/orders/5' });
      expect(await notifier.flush(10_000)).toBe(true);
      expect(harness.emu.control.messages('alerts-fastify-payments')).toHaveLength(1);
      expect(harness.emu.control.messages('alerts-fastify-default')).toHaveLength(0);
    } finally {
      await app.close();
    }
  });
});
