import type { AddressInfo } from 'node:net';
import { createNotifier, type HealthReport, type Logger, type Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackHealthHandler } from './slack-health-handler.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let emu: SlackEmulator;
let notifier: Notifier;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
  notifier = createNotifier({
    token: emu.botToken,
    channel: 'alerts-health',
    slackApiUrl: emu.apiUrl,
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    logger: quiet,
  });
  await notifier.start();
});

afterAll(async () => {
  await notifier.close(1000);
  await emu.close();
});

async function get(express: typeof express5, target: Notifier) {
  const app = express();
  app.get('/health/slack', slackHealthHandler(target));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health/slack`);
    return {
      status: res.status,
      cache: res.headers.get('cache-control'),
      body: (await res.json()) as HealthReport,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A notifier whose health is scripted: only `health()` is read by the handler. */
function withHealth(health: () => Promise<HealthReport>): Notifier {
  return { ...notifier, health } as Notifier;
}

describe.each([
  { name: 'Express 5', express: express5 },
  { name: 'Express 4', express: express4 as unknown as typeof express5 },
])('slackHealthHandler on $name', ({ express }) => {
  it('answers 200 with the report of a started notifier', async () => {
    const res = await get(express, notifier);
    expect(res.status).toBe(200);
    expect(res.cache).toBe('no-store');
    expect(res.body.status).toBe('ok');
    expect(res.body.checks.map((c) => c.name)).toContain('auth');
    expect(JSON.stringify(res.body)).not.toContain(emu.botToken);
  });

  it('answers 200 for degraded and 503 for down', async () => {
    const degraded = await get(
      express,
      withHealth(async () => ({
        status: 'degraded',
        checks: [{ name: 'queue', status: 'degraded', value: 900 }],
      })),
    );
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');
    const down = await get(
      express,
      withHealth(async () => ({
        status: 'down',
        checks: [{ name: 'auth', status: 'down', detail: 'token_revoked' }],
      })),
    );
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'down',
      checks: [{ name: 'auth', status: 'down', detail: 'token_revoked' }],
    });
  });

  it('answers 503 without internals when the health check itself fails', async () => {
    const res = await get(
      express,
      withHealth(async () => {
        throw new Error('internal detail that must not leak');
      }),
    );
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('down');
    expect(JSON.stringify(res.body)).not.toContain('internal detail');
  });
});

it('answers 503 for a notifier whose token Slack refuses', async () => {
  const refused = createNotifier({
    token: emu.control.createToken({ scopes: ['chat:write'] }),
    channel: 'alerts-health-refused',
    slackApiUrl: emu.apiUrl,
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    logger: quiet,
    autoStart: false,
  });
  try {
    await refused.start().catch(() => undefined);
    const res = await get(express5, refused);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('down');
  } finally {
    await refused.close(500);
  }
});
