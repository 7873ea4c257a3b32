import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoProcess, runDemo as run } from './test-support/run-demo.js';

const started: DemoProcess[] = [];
const runDemo = (env: Record<string, string>) => run(env, started);

afterEach(() => {
  for (const demo of started.splice(0)) {
    if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
    rmSync(demo.dataDir, { recursive: true, force: true });
  }
});

interface StateChannel {
  name: string;
  messages: Array<{ text: string; attachments?: unknown[]; blocks?: unknown[] }>;
}

describe('the demo (node dist/main.js)', () => {
  it('shows messages from the three apps on the page, then flushes and exits 0 on SIGINT', async () => {
    // Rates 20× Slack's on both sides (ratios kept) so the burst drains in seconds.
    const demo = runDemo({ DEMO_PORT: '0', DEMO_RATE_SCALE: '20', DEMO_DURATION_MS: '90000' });
    const page = (await demo.waitFor(/Slack emulator page:\s+(http:\/\/\S+\/)/))[1] as string;
    expect(demo.output()).toMatch(/example-express:\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(demo.output()).toMatch(/example-nest:\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(demo.output()).toMatch(/fastify-app:\s+http:\/\/127\.0\.0\.1:\d+\//);
    await demo.waitFor(/Script done: 43 requests/, 60_000);
    expect(demo.output()).toContain('fastify GET /missing → 404');

    // The page itself is served…
    const html = await fetch(page);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('<title>Slack emulator</title>');

    // …and its state has every app's messages (errors, deployments, log errors).
    const texts = async (channel: string) => {
      const state = (await (await fetch(new URL('_emulator/state', page))).json()) as {
        channels: StateChannel[];
      };
      const found = state.channels.find((c) => c.name === channel);
      return (found?.messages ?? []).map((m) => JSON.stringify(m));
    };
    const deadline = Date.now() + 30_000;
    const wanted = {
      'alerts-express': [
        'GET /boom failed with 500',
        'orders-api',
        'Job nightly-import failed',
        '/boom-async',
      ],
      'alerts-nest': [
        'Deployment failed: billing',
        'Invoice total out of range',
        'Job reindex failed',
        'rolled back',
      ],
      'alerts-fastify': [
        'GET /orders/:id failed with 500',
        'inventory lookup failed for order 17',
        'GET /payments/:id failed with 503',
      ],
    };
    for (const [channel, needles] of Object.entries(wanted)) {
      for (;;) {
        const all = (await texts(channel)).join('\n');
        const missing = needles.filter((n) => !all.includes(n));
        if (missing.length === 0) break;
        if (Date.now() > deadline) throw new Error(`#${channel} lacks ${missing.join(', ')}:\n${all}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const high = (await texts('alerts-express')).filter((t) => t.includes('🔴')).length;
    expect(high).toBeGreaterThan(0);

    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    const out = demo.output();
    expect(out).toContain('Stopping (SIGINT)');
    expect(out).toMatch(
      /example-express: \d+ delivered, \d+ grouped, 0 pending, 0 dropped, 0 dead-lettered \(of 35 accepted\)/,
    );
    expect(out).toMatch(
      /example-nest: \d+ delivered, \d+ grouped, 0 pending, 0 dropped, 0 dead-lettered \(of 5 accepted\)/,
    );
    // The 404 is not reported: 2 of the 3 requests.
    expect(out).toMatch(
      /fastify-app: 2 delivered, 0 grouped, 0 pending, 0 dropped, 0 dead-lettered \(of 2 accepted\)/,
    );
    expect(out).toContain('Everything was delivered.');
  }, 120_000);

  it('stops by itself after DEMO_DURATION_MS and falls back to a free port when DEMO_PORT is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const takenPort = (blocker.address() as { port: number }).port;
    try {
      const demo = runDemo({ DEMO_PORT: String(takenPort), DEMO_RATE_SCALE: '20', DEMO_DURATION_MS: '4000' });
      const page = (await demo.waitFor(/Slack emulator page:\s+(http:\/\/\S+\/)/))[1] as string;
      expect(new URL(page).port).not.toBe(String(takenPort));
      expect(demo.output()).toContain(`port ${takenPort} was taken`);
      expect(await demo.exited).toBe(0);
      expect(demo.output()).toContain('Stopping (DEMO_DURATION_MS (4000 ms) elapsed)');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 120_000);
});
