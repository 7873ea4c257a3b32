import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { waitForMessage } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningExpressExample, startExpressExample } from './start-express-example.js';

const CHANNEL = 'express-alerts';
let emu: SlackEmulator;
let app: RunningExpressExample;
const dir = mkdtempSync(join(tmpdir(), 'example-express-'));

beforeAll(async () => {
  // Rates scaled up 20× on both sides, ratios kept, so the test does not wait on Slack's 1/s.
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 20 } });
  app = await startExpressExample({
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    channel: CHANNEL,
    port: 0,
    logLevel: 'silent',
    notifier: { perChannelPerSecond: 20, burst: 3 },
    // The durable outbox, as main.ts uses by default.
    outbox: join(dir, 'outbox.sqlite'),
  });
});

afterAll(async () => {
  await app?.close(5000);
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('example-express against the emulator', () => {
  it('answers GET /', async () => {
    const res = await fetch(app.url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, service: 'example-express' });
  });

  it('reports a sync throw with the request context and the high-priority marker', async () => {
    const res = await fetch(new URL('boom', app.url));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
    const message = await waitForMessage(emu, CHANNEL, (json) =>
      json.includes('Something broke in GET /boom'),
    );
    expect(message.text).toContain('🔴');
    const json = JSON.stringify(message);
    for (const part of ['Method', 'GET', 'Route', '/boom', 'Status', '500']) expect(json).toContain(part);
  });

  it('reports an async rejection', async () => {
    const res = await fetch(new URL('boom-async', app.url));
    expect(res.status).toBe(500);
    const message = await waitForMessage(emu, CHANNEL, (json) => json.includes('in the async handler'));
    expect(message.text).toContain('🔴');
    expect(JSON.stringify(message)).toContain('/boom-async');
  });

  it('posts a deployment notice with its fields', async () => {
    const res = await fetch(new URL('deploy', app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'checkout', version: '2.4.1', environment: 'staging', by: 'ci' }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const message = await waitForMessage(emu, CHANNEL, (json) => json.includes('2.4.1'));
    const json = JSON.stringify(message);
    for (const part of ['Service', 'checkout', 'Version', 'Environment', 'staging', 'Succeeded']) {
      expect(json).toContain(part);
    }
    expect(message.text).toContain('🟢');
    expect(JSON.stringify(message.metadata)).toContain(id);
  });

  it('rejects an unknown deployment status without posting', async () => {
    const res = await fetch(new URL('deploy', app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'exploded' }),
    });
    expect(res.status).toBe(400);
  });

  it('sends a Winston error of a background job to Slack', async () => {
    const res = await fetch(new URL('jobs/nightly-import/run', app.url), { method: 'POST' });
    expect(res.status).toBe(202);
    const message = await waitForMessage(emu, CHANNEL, (json) => json.includes('job nightly-import failed'));
    expect(JSON.stringify(message)).toContain('upstream returned 502');
    expect(message.text).toContain('🔴');
  });

  it('answers GET /health/slack with the notifier health', async () => {
    const res = await fetch(new URL('health/slack', app.url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Array<{ name: string }> };
    expect(body.status).toBe('ok');
    expect(body.checks.map((c) => c.name)).toContain('membership');
  });

  it('answers at once while Slack is slow: the response never waits for the post', async () => {
    // A fresh app: the shared one has reported /boom already, and a repeat within the grouping window only
    // counts into that message (no new post to hold up).
    const fresh = await startExpressExample({
      token: emu.botToken,
      slackApiUrl: emu.apiUrl,
      channel: CHANNEL,
      port: 0,
      logLevel: 'silent',
      notifier: { perChannelPerSecond: 20, burst: 3 },
    });
    const fault = emu.control.addFault({ method: 'chat.postMessage', action: { type: 'delay', ms: 5000 } });
    try {
      const started = performance.now();
      const res = await fetch(new URL('boom', fresh.url));
      const elapsed = performance.now() - started;
      expect(res.status).toBe(500);
      expect(elapsed).toBeLessThan(2500);
      // The post is still in flight (delayed by the fault) after the response came back.
      expect(fresh.notifier.stats().pending + fresh.notifier.stats().inFlight).toBeGreaterThan(0);
    } finally {
      emu.control.removeFault(fault);
    }
    expect((await fresh.close(10_000)).delivered).toBe(true);
  });
});
