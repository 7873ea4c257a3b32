import {
  createNotifier,
  type HealthReport,
  type Notifier,
  type NotifierOptions,
} from '@backend-notifier/core';
import { DEFAULT_BOT_SCOPES } from '@backend-notifier/slack-emulator';
import { useSlackEmulator } from '@backend-notifier/test-support';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { backendNotifier } from './backend-notifier.js';
import { buildApp } from './test-support/fastify-app.js';

const harness = useSlackEmulator();
const notifierFor = (channel: string, extra: Partial<NotifierOptions> = {}) =>
  harness.track(createNotifier({ ...harness.notifierOptions(channel), ...extra }));

describe('backendNotifier on a listening server', () => {
  it('reports a 500 once; the client gets Fastify error response; fastify.close() delivers what is pending', async () => {
    const channel = 'alerts-fastify-listen';
    // One post per second at most, so the failures are still pending when close() starts.
    const notifier = notifierFor(channel, { perChannelPerSecond: 1, burst: 1 });
    const app = await buildApp(notifier);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/orders/21`, { headers: { 'x-request-id': 'listen-1' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'inventory service crashed on order 21',
    });
    // Three distinct failures (distinct errors and routes), then close at once.
    await fetch(`${url}/api/payments/p-1`);
    await fetch(`${url}/login`, { method: 'POST' });
    expect(notifier.stats().accepted).toBe(3);
    const closing = Date.now();
    await app.close();
    const tookMs = Date.now() - closing;
    const messages = harness.emu.control.messages(channel);
    expect(messages.map((m) => m.text)).toEqual([
      expect.stringContaining('GET /orders/:id failed with 500'),
      expect.stringContaining('GET /api/payments/:paymentId failed with 503'),
      expect.stringContaining('POST /login failed with 500'),
    ]);
    expect(JSON.stringify(messages[0])).toContain('listen-1');
    expect(notifier.stats().delivered).toBe(3);
    // The notifier is closed: a later notify() is refused, not queued.
    expect(await notifier.notify('after close').accepted).toBe(false);
    console.log(`fastify: app.close() with 3 pending (Slack at 1 post/s) took ${tookMs} ms, 3 delivered`);
  });

  it('close is bounded by closeTimeoutMs with Slack hanging, and counts what it could not send', async () => {
    const channel = 'alerts-fastify-hang';
    const notifier = notifierFor(channel);
    await notifier.start();
    const app = await buildApp(notifier, { closeTimeoutMs: 1000 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    harness.emu.control.addFault({ method: 'chat.postMessage', action: { type: 'hang' } });
    try {
      expect((await fetch(`${url}/orders/1`)).status).toBe(500);
      const closing = Date.now();
      await app.close();
      const tookMs = Date.now() - closing;
      expect(tookMs).toBeLessThanOrEqual(1000 + 250 + 100);
      const stats = notifier.stats();
      expect(stats.accepted).toBe(1);
      expect(stats.delivered).toBe(0);
      expect(stats.pending).toBe(0);
      // Counted, not lost: the post Slack never answered is dropped as `aborted_in_flight` (the request close() aborted).
      expect(stats.droppedByReason).toMatchObject({ aborted_in_flight: 1 });
      console.log(`fastify: app.close() with Slack hanging, closeTimeoutMs 1000: ${tookMs} ms`);
    } finally {
      harness.emu.control.clearFaults();
    }
  });

  it('closeNotifier: false leaves the notifier open', async () => {
    const notifier = notifierFor('alerts-fastify-open');
    const app = await buildApp(notifier, { closeNotifier: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await app.close();
    expect(await notifier.notify('still open').delivered).toMatchObject({ status: 'delivered' });
  });
});

describe('healthRoute', () => {
  async function get(notifier: Notifier) {
    const app = Fastify();
    await app.register(backendNotifier, { notifier, healthRoute: '/health/slack', closeNotifier: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${url}/health/slack`);
      return {
        status: res.status,
        cache: res.headers.get('cache-control'),
        body: (await res.json()) as HealthReport,
      };
    } finally {
      await app.close();
    }
  }

  it('answers 200 with the report of a started notifier, never cached', async () => {
    const notifier = notifierFor('alerts-fastify-health');
    await notifier.start();
    const res = await get(notifier);
    expect(res.status).toBe(200);
    expect(res.cache).toBe('no-store');
    expect(res.body.status).toBe('ok');
    expect(res.body.checks.map((c) => c.name)).toContain('auth');
  });

  it('answers 503 down for a notifier whose token Slack revoked, without the token', async () => {
    const token = harness.emu.control.createToken({ scopes: [...DEFAULT_BOT_SCOPES] });
    const notifier = notifierFor('alerts-fastify-health-down', { token, autoStart: false });
    await notifier.start();
    harness.emu.control.revokeToken(token);
    // A send meets the revoked token: the circuit opens and health turns down (the message is kept).
    notifier.notify('after revocation');
    await expect.poll(async () => (await notifier.health()).status, { timeout: 10_000 }).toBe('down');
    const res = await get(notifier);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('down');
    expect(JSON.stringify(res.body)).not.toContain(token);
  });

  it('answers 503 down without the reason when the check itself fails', async () => {
    const notifier = notifierFor('alerts-fastify-health-broken');
    const broken = {
      ...notifier,
      health: () => Promise.reject(new Error('xoxb-CANARY in a failure')),
    } as typeof notifier;
    const res = await get(broken);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'down',
      checks: [{ name: 'health', status: 'down', detail: 'health check failed' }],
    });
  });
});
