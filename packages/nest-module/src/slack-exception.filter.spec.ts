import 'reflect-metadata';
import type { Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_NOTIFIER } from './backend-notifier.constants.js';
import { BackendNotifierModule } from './backend-notifier.module.js';
import { FailingController, TeapotError, TeapotFilter } from './test-support/failing.controller.js';
import { boot, emulatorOptions } from './test-support/nest-harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
});
afterAll(async () => {
  await emu.close();
});

const texts = (channel: string) => emu.control.messages(channel).map((m) => JSON.stringify(m));

@Catch()
class EnvelopeFilter implements ExceptionFilter {
  catch(exception: Error, host: ArgumentsHost) {
    host.switchToHttp().getResponse().status(502).json({ envelope: true, reason: exception.message });
  }
}

@Controller()
class TeapotController {
  @Get('teapot-global')
  teapot(): never {
    throw new TeapotError('global tea');
  }

  @Get('plain-error')
  plain(): never {
    throw new Error('plain failure');
  }
}

describe('other global filters keep working beside the Slack filter', () => {
  it("a global filter for one exception type still answers it; the rest gets Nest's response", async () => {
    const channel = 'nest-global-typed';
    const booted = await boot({
      imports: [BackendNotifierModule.forRoot({ notifier: emulatorOptions(emu, channel) })],
      controllers: [TeapotController],
      providers: [{ provide: APP_FILTER, useClass: TeapotFilter }],
    });
    try {
      const tea = await fetch(`${booted.url}/teapot-global`);
      expect(tea.status).toBe(418);
      expect(await tea.json()).toEqual({ teapot: 'global tea' });
      const plain = await fetch(`${booted.url}/plain-error`);
      expect(plain.status).toBe(500);
      expect(await plain.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
      const notifier = booted.app.get<Notifier>(BACKEND_NOTIFIER);
      expect(await notifier.flush(10_000)).toBe(true);
      // Both are unknown errors (500 to the notifier's eyes) and are reported; shouldReport can narrow it.
      expect(texts(channel)).toHaveLength(2);
    } finally {
      await booted.close();
    }
  });

  it('a global catch-all filter of the app still shapes the response, and the error is reported', async () => {
    const channel = 'nest-global-catch-all';
    const booted = await boot({
      imports: [BackendNotifierModule.forRoot({ notifier: emulatorOptions(emu, channel) })],
      controllers: [TeapotController],
      providers: [{ provide: APP_FILTER, useClass: EnvelopeFilter }],
    });
    try {
      const res = await fetch(`${booted.url}/plain-error`);
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ envelope: true, reason: 'plain failure' });
      const notifier = booted.app.get<Notifier>(BACKEND_NOTIFIER);
      expect(await notifier.flush(10_000)).toBe(true);
      expect(texts(channel)).toHaveLength(1);
      expect(texts(channel)[0]).toContain('plain failure');
    } finally {
      await booted.close();
    }
  });
});

describe('BackendNotifierModule.forRoot with the exception filter', () => {
  const channel = 'nest-errors';
  let booted: Awaited<ReturnType<typeof boot>>;
  let notifier: Notifier;

  beforeAll(async () => {
    booted = await boot({
      imports: [BackendNotifierModule.forRoot({ notifier: emulatorOptions(emu, channel) })],
      controllers: [FailingController],
    });
    notifier = booted.app.get<Notifier>(BACKEND_NOTIFIER);
  });
  afterAll(() => booted.close());

  it("reports a thrown error with request context and keeps Nest's 500 response", async () => {
    const res = await fetch(`${booted.url}/orders/17`, { headers: { 'x-request-id': 'nest-req-1' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = texts(channel);
    expect(messages).toHaveLength(1);
    for (const expected of ['inventory service crashed', 'GET', '/orders/:id', '500', 'nest-req-1']) {
      expect(messages[0]).toContain(expected);
    }
  });

  it('does not report HttpExceptions below 500 and leaves their responses unchanged', async () => {
    const before = notifier.stats().accepted;
    const missing = await fetch(`${booted.url}/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ statusCode: 404, message: 'no such order', error: 'Not Found' });
    const invalid = await fetch(`${booted.url}/invalid`);
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      statusCode: 400,
      message: 'quantity must be positive',
      error: 'Bad Request',
    });
    expect(await notifier.flush(10_000)).toBe(true);
    expect(notifier.stats().accepted).toBe(before);
  });

  it('reports an HttpException of 500 or more, keeping its response', async () => {
    const before = notifier.stats().accepted;
    const res = await fetch(`${booted.url}/unavailable`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      statusCode: 503,
      message: 'payments provider down',
      error: 'Service Unavailable',
    });
    expect(await notifier.flush(10_000)).toBe(true);
    expect(notifier.stats().accepted).toBe(before + 1);
    expect(texts(channel).at(-1)).toContain('payments provider down');
    expect(texts(channel).at(-1)).toContain('503');
  });

  it('lets a more specific filter keep handling its exceptions', async () => {
    const before = notifier.stats().accepted;
    const res = await fetch(`${booted.url}/teapot`);
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ teapot: 'short and stout' });
    expect(notifier.stats().accepted).toBe(before);
  });

  it('never sends request secrets (headers, cookies, body) to Slack', async () => {
    const res = await fetch(`${booted.url}/login`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer xoxb-CANARY-HEADER',
        cookie: 'sid=CANARY-COOKIE',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ user: 'alice', password: 'CANARY-PASSWORD' }),
    });
    expect(res.status).toBe(500);
    expect(await notifier.flush(10_000)).toBe(true);
    expect(texts(channel).at(-1)).toContain('session store unavailable');
    expect(JSON.stringify(emu.control.messages(channel))).not.toContain('CANARY');
    expect(JSON.stringify(emu.control.requestLog())).not.toContain('CANARY');
  });

  it('injects the same notifier with @InjectNotifier()', async () => {
    expect(booted.app.get(FailingController).notifier).toBe(notifier);
    const res = await fetch(`${booted.url}/ping`);
    expect(await res.json()).toEqual({ ok: true });
    expect(await notifier.flush(10_000)).toBe(true);
    expect(texts(channel).at(-1)).toContain('explicit ping from a controller');
  });
});
