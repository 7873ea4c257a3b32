import type { Notifier } from '@backend-notifier/core';
import { describe, expect, it } from 'vitest';
import {
  buildApp,
  express4Typed,
  express5,
  type HttpError,
  listen,
  useEmulator,
} from './test-support/express-app.js';

const harness = useEmulator();
const { notifierFor, received } = harness;

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
      const messages = harness.emu.control.messages(channel);
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
      buildApp(express4Typed, 4, broken, {
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
    harness.emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'hang', ms: 5000 } });
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
      await expect.poll(() => harness.emu.control.messages(channel).length, { timeout: 10_000 }).toBe(1);
      const hangingSince = performance.now();
      for (let i = 0; i < 5; i++) await timed();
      expect(performance.now() - hangingSince).toBeLessThan(4000);
      // Slack has the message but has not answered: nothing counts as delivered yet.
      expect(notifier.stats().delivered).toBe(0);
      expect(Math.max(...timings)).toBeLessThan(200);
    } finally {
      harness.emu.control.clearFaults();
      await server.close();
    }
  });
});
