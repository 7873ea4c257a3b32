import { createNotifier, type Notifier, type NotifierOptions } from '@backend-notifier/core';
import { useSlackEmulator } from '@backend-notifier/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './test-support/hono-app.js';

const harness = useSlackEmulator();
const notifierFor = (channel: string, extra: Partial<NotifierOptions> = {}) =>
  harness.track(createNotifier({ ...harness.notifierOptions(channel), ...extra }));
const { received } = harness;

/** What a client sees. */
async function seen(res: Response) {
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

describe('slackErrorReporter with app.request()', () => {
  const channel = 'alerts-hono-request';
  let notifier: Notifier;
  let app: ReturnType<typeof buildApp>;
  const bare = buildApp(undefined);

  beforeAll(() => {
    notifier = notifierFor(channel);
    app = buildApp(notifier);
  });

  it("reports a 500 once with method, route pattern, status, request id and user agent; Hono's response unchanged", async () => {
    const init = { headers: { 'x-request-id': 'hono-req-1', 'user-agent': 'probe/2.0' } };
    const res = await app.request('/orders/17?page=2', init);
    const plain = await bare.request('/orders/17?page=2', init);
    const answer = await seen(res);
    expect(answer).toEqual({ status: 500, body: 'Internal Server Error', type: 'text/plain; charset=UTF-8' });
    expect(answer).toEqual(await seen(plain));
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = harness.emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('GET /orders/:id failed with 500');
    const text = received(channel);
    for (const expected of ['inventory service crashed on order 17', 'hono-req-1', 'probe/2.0']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('page=2');
    expect(notifier.stats().accepted).toBe(1);
  });

  it("reports an HTTPException 503 of a sub-app with its full route; Hono's requestId() fills the request id", async () => {
    const res = await app.request('/api/payments/p-9');
    expect(await seen(res)).toEqual(await seen(await bare.request('/api/payments/p-9')));
    expect(res.status).toBe(503);
    expect((await app.request('/traced/5')).status).toBe(500);
    expect(await notifier.flush(10_000)).toBe(true);
    const [payment, traced] = harness.emu.control
      .messages(channel)
      .slice(-2)
      .map((m) => JSON.stringify(m));
    expect(payment).toContain('GET /api/payments/:paymentId failed with 503');
    expect(payment).toContain('payments provider down');
    expect(traced).toContain('GET /traced/:id failed with 500');
    // requestId() generates a UUID when the request has no X-Request-Id.
    expect(traced).toMatch(/Request ID\*\\n[0-9a-f-]{36}/);
  });

  it('does not report a 404 (no route, or an HTTPException 404) and leaves those responses unchanged', async () => {
    const before = notifier.stats().accepted;
    for (const path of ['/no/such/route', '/missing', '/fine']) {
      expect(await seen(await app.request(path))).toEqual(await seen(await bare.request(path)));
    }
    expect(await notifier.flush(10_000)).toBe(true);
    expect(notifier.stats().accepted).toBe(before);
  });

  it('reports a thrown non-Error (500) and lets it propagate as it would without the middleware', async () => {
    const before = notifier.stats().accepted;
    // Hono rethrows what is not an Error (from app.request() synchronously, for a sync handler).
    await expect((async () => bare.request('/string-thrown'))()).rejects.toBe('not an Error');
    await expect((async () => app.request('/string-thrown'))()).rejects.toBe('not an Error');
    expect(notifier.stats().accepted).toBe(before + 1);
    expect(await notifier.flush(10_000)).toBe(true);
    expect(JSON.stringify(harness.emu.control.messages(channel).at(-1))).toContain(
      'GET /string-thrown failed with 500',
    );
  });
});

describe('slackErrorReporter: the app in charge, options, redaction', () => {
  it("keeps app.onError's response and reports by the status it chose", async () => {
    const channel = 'alerts-hono-onerror';
    const notifier = notifierFor(channel);
    const app = buildApp(notifier, {}, (a) =>
      a.onError((error, c) => c.json({ handledBy: 'app', message: error.message }, 502)),
    );
    const res = await app.request('/orders/3');
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ handledBy: 'app', message: 'inventory service crashed on order 3' });
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = harness.emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('GET /orders/:id failed with 502');
  });

  it('adds headers, query and the body the handler read only when asked, redacted', async () => {
    const init = {
      method: 'POST',
      headers: {
        authorization: 'Bearer xoxb-CANARY-HEADER',
        cookie: 'sid=CANARY-COOKIE',
        'x-tenant': 'tenant-7',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ user: 'alice', password: 'CANARY-PASSWORD', profile: { city: 'Lyon' } }),
    };
    const off = notifierFor('alerts-hono-redact-off');
    const on = notifierFor('alerts-hono-redact-on');
    const all = { includeHeaders: true, includeQuery: true, includeBody: true };
    expect((await buildApp(off).request('/login?access_token=CANARY-QUERY&page=3', init)).status).toBe(500);
    expect((await buildApp(on, all).request('/login?access_token=CANARY-QUERY&page=3', init)).status).toBe(
      500,
    );
    expect(await off.flush(10_000)).toBe(true);
    expect(await on.flush(10_000)).toBe(true);
    const quiet = received('alerts-hono-redact-off');
    expect(quiet).toContain('login backend failed');
    for (const absent of ['tenant-7', 'alice', 'page', 'REDACTED']) expect(quiet).not.toContain(absent);
    const loud = received('alerts-hono-redact-on');
    for (const present of ['[REDACTED]', 'tenant-7', 'alice', 'Lyon', 'page'])
      expect(loud).toContain(present);
    expect(quiet + loud).not.toContain('CANARY');
    expect(JSON.stringify(harness.emu.control.requestLog())).not.toContain('CANARY');
  });

  it('does not read a body the handler never read', async () => {
    const notifier = notifierFor('alerts-hono-unread');
    const res = await buildApp(notifier, { includeBody: true }).request('/unread', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unread: 'body-never-read' }),
    });
    expect(res.status).toBe(500);
    expect(await notifier.flush(10_000)).toBe(true);
    const text = received('alerts-hono-unread');
    expect(text).toContain('failed before reading the body');
    expect(text).not.toContain('body-never-read');
  });

  it('honours shouldReport; a throwing one is logged with the source marker and the response is unchanged', async () => {
    const notifier = notifierFor('alerts-hono-should-report');
    const seenStatuses: number[] = [];
    const app = buildApp(notifier, {
      shouldReport: (_error, c) => {
        seenStatuses.push(c.res.status);
        return c.res.status === 404;
      },
    });
    await app.request('/orders/1');
    await app.request('/missing');
    expect(await notifier.flush(10_000)).toBe(true);
    expect(seenStatuses).toEqual([500, 404]);
    expect(harness.emu.control.messages('alerts-hono-should-report')).toHaveLength(1);

    const logged: Array<[string, unknown]> = [];
    const broken = buildApp(notifier, {
      shouldReport: () => {
        throw new Error('filter bug');
      },
      logger: { error: (message, meta) => logged.push([message, meta]) },
    });
    const res = await broken.request('/orders/2');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
    expect(logged).toEqual([
      [
        'slackErrorReporter: could not report an error',
        { source: 'backend-notifier', failure: 'filter bug' },
      ],
    ]);
  });
});
