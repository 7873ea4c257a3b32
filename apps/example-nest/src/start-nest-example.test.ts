import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { waitForMessage } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNestExample, startNestExample } from './start-nest-example.js';

const CHANNEL = 'nest-alerts';
let emu: SlackEmulator;
let app: RunningNestExample;
const dir = mkdtempSync(join(tmpdir(), 'example-nest-'));

beforeAll(async () => {
  // Rates scaled up 20× on both sides, ratios kept, so the test does not wait on Slack's 1/s.
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 20 } });
  app = await startNestExample({
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    channel: CHANNEL,
    port: 0,
    logLevel: 'silent',
    perChannelPerSecond: 20,
    // The durable outbox, as main.ts uses by default.
    outbox: join(dir, 'outbox.sqlite'),
  });
});

afterAll(async () => {
  await app?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const matching = (needle: string) =>
  emu.control.messages(CHANNEL).filter((m) => JSON.stringify(m).includes(needle));

describe('example-nest against the emulator', () => {
  it('answers GET /', async () => {
    const res = await fetch(app.url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, service: 'example-nest' });
  });

  it('reports a thrown error once, with request context and the high-priority marker', async () => {
    const res = await fetch(new URL('boom', app.url));
    expect(res.status).toBe(500);
    const message = await waitForMessage(emu, CHANNEL, (json) =>
      json.includes('Something broke in GET /boom'),
    );
    expect(message.text).toContain('🔴');
    const json = JSON.stringify(message);
    for (const part of ['GET', '/boom', '500']) expect(json).toContain(part);
    await app.notifier.flush(10_000);
    // Nest also logs the exception through Winston; the Slack transport skips that line.
    expect(matching('Something broke in GET /boom')).toHaveLength(1);
  });

  it('reports an async rejection', async () => {
    const res = await fetch(new URL('boom-async', app.url));
    expect(res.status).toBe(500);
    const message = await waitForMessage(emu, CHANNEL, (json) => json.includes('Invoice total out of range'));
    expect(message.text).toContain('🔴');
    expect(JSON.stringify(message)).toContain('RangeError');
  });

  it('does not report a 4xx', async () => {
    const res = await fetch(new URL('not-found', app.url));
    expect(res.status).toBe(400);
    await app.notifier.flush(10_000);
    expect(matching('no such thing')).toHaveLength(0);
  });

  it('posts a failed deployment as high priority with its fields', async () => {
    const res = await fetch(new URL('deploy', app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'billing',
        version: '9.9.9',
        environment: 'prod-eu',
        status: 'failed',
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const message = await waitForMessage(emu, CHANNEL, (json) => json.includes('9.9.9'));
    const json = JSON.stringify(message);
    for (const part of ['Service', 'billing', 'Environment', 'prod-eu', 'Failed'])
      expect(json).toContain(part);
    expect(message.text).toContain('🔴');
    expect(JSON.stringify(message.metadata)).toContain(id);
  });

  it('rejects an unknown deployment status', async () => {
    const res = await fetch(new URL('deploy', app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'exploded' }),
    });
    expect(res.status).toBe(400);
  });

  it('sends a Winston error of a background job to Slack', async () => {
    const res = await fetch(new URL('jobs/reindex/run', app.url), { method: 'POST' });
    expect(res.status).toBe(202);
    const message = await waitForMessage(emu, CHANNEL, (json) =>
      json.includes('Job reindex failed: database deadlock'),
    );
    expect(message.text).toContain('🔴');
  });

  it('serves the terminus health report with the Slack checks', async () => {
    const res = await fetch(new URL('health', app.url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      info: { slack: { status: string; checks: object } };
    };
    expect(body.status).toBe('ok');
    expect(body.info.slack.status).toBe('up');
    expect(Object.keys(body.info.slack.checks)).toContain('membership');
  });

  it('answers at once while Slack is slow: the response never waits for the post', async () => {
    // A fresh app: the shared one has reported /boom already, and a repeat within the grouping window only
    // counts into that message (no new post to hold up).
    const fresh = await startNestExample({
      token: emu.botToken,
      slackApiUrl: emu.apiUrl,
      channel: CHANNEL,
      port: 0,
      logLevel: 'silent',
      perChannelPerSecond: 20,
    });
    const fault = emu.control.addFault({ method: 'chat.postMessage', action: { type: 'delay', ms: 5000 } });
    try {
      const started = performance.now();
      const res = await fetch(new URL('boom', fresh.url));
      const elapsed = performance.now() - started;
      expect(res.status).toBe(500);
      expect(elapsed).toBeLessThan(2500);
      const stats = fresh.notifier.stats();
      expect(stats.pending + stats.inFlight).toBeGreaterThan(0);
    } finally {
      emu.control.removeFault(fault);
    }
    const { stats } = await fresh.close();
    expect(stats.pending + stats.inFlight).toBe(0);
    expect(stats.delivered).toBe(1);
  });
});
