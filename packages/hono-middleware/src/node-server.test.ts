import type { AddressInfo } from 'node:net';
import {
  createNotifier,
  type HealthReport,
  type Notifier,
  type NotifierOptions,
} from '@backend-notifier/core';
import { useSlackEmulator } from '@backend-notifier/test-support';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { slackHealthHandler } from './slack-health-handler.js';
import { buildApp } from './test-support/hono-app.js';

const harness = useSlackEmulator();
const notifierFor = (channel: string, extra: Partial<NotifierOptions> = {}) =>
  harness.track(createNotifier({ ...harness.notifierOptions(channel), ...extra }));

/** The app on @hono/node-server, on a loopback port. */
async function listen(app: Hono) {
  let info: AddressInfo | undefined;
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (i) => {
    info = i;
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = info?.port ?? (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('slackErrorReporter on @hono/node-server', () => {
  it('reports a 500 once, the client gets the usual answer; server.close() then notifier.close() delivers what is pending', async () => {
    const channel = 'alerts-hono-listen';
    // One post per second at most, so the failures are still pending when close() starts.
    const notifier = notifierFor(channel, { perChannelPerSecond: 1, burst: 1 });
    const server = await listen(buildApp(notifier));
    const res = await fetch(`${server.url}/orders/21`, { headers: { 'x-request-id': 'listen-1' } });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
    await fetch(`${server.url}/api/payments/p-1`);
    await fetch(`${server.url}/traced/1`);
    expect(notifier.stats().accepted).toBe(3);
    const closing = Date.now();
    await server.close();
    expect(await notifier.close(10_000)).toBe(true);
    const tookMs = Date.now() - closing;
    const messages = harness.emu.control.messages(channel);
    expect(messages.map((m) => m.text)).toEqual([
      expect.stringContaining('GET /orders/:id failed with 500'),
      expect.stringContaining('GET /api/payments/:paymentId failed with 503'),
      expect.stringContaining('GET /traced/:id failed with 500'),
    ]);
    expect(JSON.stringify(messages[0])).toContain('listen-1');
    expect(notifier.stats().delivered).toBe(3);
    console.log(`hono: server.close() + notifier.close() with 3 pending (Slack at 1 post/s): ${tookMs} ms`);
  });
});

describe('slackHealthHandler', () => {
  /** The handler on a bare app, through app.request(). */
  async function healthOf(notifier: Notifier) {
    const app = new Hono().get('/health/slack', slackHealthHandler(notifier));
    const res = await app.request('/health/slack');
    return {
      status: res.status,
      cache: res.headers.get('cache-control'),
      body: (await res.json()) as HealthReport,
    };
  }

  it("answers a started notifier's report with 200, never cached", async () => {
    const notifier = notifierFor('alerts-hono-health');
    await notifier.start();
    const { status, cache, body } = await healthOf(notifier);
    expect([status, cache, body.status]).toEqual([200, 'no-store', 'ok']);
    expect(body.checks.map((c) => c.name)).toContain('auth');
  });

  it('maps the report: degraded is 200 (still delivering), down is 503, the report as body', async () => {
    const notifier = notifierFor('alerts-hono-health-scripted');
    for (const [status, code] of [
      ['degraded', 200],
      ['down', 503],
    ] as const) {
      const report: HealthReport = { status, checks: [{ name: 'auth', status, detail: 'token_revoked' }] };
      const answer = await healthOf({ ...notifier, health: async () => report } as Notifier);
      expect(answer.status).toBe(code);
      expect(answer.body).toEqual(report);
    }
    // A check that fails: 503 down, its reason not echoed.
    const failing = await healthOf({
      ...notifier,
      health: () => Promise.reject(new Error('xoxb-CANARY')),
    } as Notifier);
    expect(failing.status).toBe(503);
    expect(JSON.stringify(failing.body)).not.toContain('CANARY');
  });
});
