import type { Notifier } from '@backend-notifier/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, express4Typed, express5, listen, useEmulator } from './test-support/express-app.js';

const harness = useEmulator();
const { notifierFor, received } = harness;

describe.each([
  { name: 'Express 5', express: express5, major: 5 as const },
  { name: 'Express 4', express: express4Typed, major: 4 as const },
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
    const messages = harness.emu.control.messages(channel);
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
    const before = harness.emu.control.messages(channel).length;
    const res = await fetch(`${server.url}/api/orders/7?page=2`);
    expect(res.status).toBe(503);
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = harness.emu.control.messages(channel);
    expect(messages).toHaveLength(before + 1);
    const last = JSON.stringify(messages.at(-1));
    expect(last).toContain('/api/orders/:orderId');
    expect(last).toContain('503');
    expect(last).toContain('orders service unavailable');
  });

  it('does not report a 4xx, and still answers it through the app', async () => {
    const before = harness.emu.control.messages(channel).length;
    const res = await fetch(`${server.url}/missing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no such thing', handledBy: 'app' });
    expect(await notifier.flush(10_000)).toBe(true);
    expect(harness.emu.control.messages(channel)).toHaveLength(before);
    expect(notifier.stats().accepted).toBe(before);
  });

  it('redacts secrets from headers, body and query; keeps the rest', async () => {
    const before = harness.emu.control.messages(channel).length;
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
    const messages = harness.emu.control.messages(channel);
    expect(messages).toHaveLength(before + 1);
    const last = JSON.stringify(messages.at(-1));
    expect(last).toContain('[REDACTED]');
    expect(last).toContain('alice');
    expect(last).toContain('Lyon');
    expect(last).toContain('page');
    const log = JSON.stringify(harness.emu.control.requestLog());
    expect(received(channel)).not.toContain('CANARY');
    expect(log).not.toContain('CANARY');
  });
});
