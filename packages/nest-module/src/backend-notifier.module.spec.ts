import 'reflect-metadata';
import type { Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Inject,
  Injectable,
  Module,
  NotFoundException,
  Post,
  UseFilters,
} from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_NOTIFIER } from './backend-notifier.constants.js';
import { BackendNotifierModule } from './backend-notifier.module.js';
import { InjectNotifier } from './inject-notifier.decorator.js';
import { boot, emulatorOptions } from './test-support/nest-harness.js';

class TeapotError extends Error {}

@Catch(TeapotError)
class TeapotFilter implements ExceptionFilter {
  catch(exception: TeapotError, host: ArgumentsHost) {
    host.switchToHttp().getResponse().status(418).json({ teapot: exception.message });
  }
}

@Controller()
class FailingController {
  constructor(@InjectNotifier() readonly notifier: Notifier) {}

  @Get('orders/:id')
  async order(): Promise<never> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    throw new Error('inventory service crashed');
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('no such order');
  }

  @Get('invalid')
  invalid(): never {
    throw new BadRequestException('quantity must be positive');
  }

  @Get('teapot')
  @UseFilters(TeapotFilter)
  teapot(): never {
    throw new TeapotError('short and stout');
  }

  @Post('login')
  login(): never {
    throw new Error('session store unavailable');
  }

  @Get('ping')
  ping() {
    this.notifier.notify({ text: 'explicit ping from a controller', priority: 'low' });
    return { ok: true };
  }
}

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

@Injectable()
class Reporter {
  constructor(@Inject(BACKEND_NOTIFIER) readonly notifier: Notifier) {}
}

/** A feature module that does not import BackendNotifierModule: it sees the notifier only if global. */
@Module({ providers: [Reporter], exports: [Reporter] })
class FeatureModule {}

describe('BackendNotifierModule.forRootAsync', () => {
  it('builds the notifier from ConfigService, globally, and reports through the filter', async () => {
    const channel = 'nest-async';
    const booted = await boot({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [
            () => ({ SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl, SLACK_CHANNEL: channel }),
          ],
        }),
        BackendNotifierModule.forRootAsync({
          isGlobal: true,
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            notifier: {
              ...emulatorOptions(emu, 'unused'),
              token: config.getOrThrow<string>('SLACK_BOT_TOKEN'),
              slackApiUrl: config.getOrThrow<string>('SLACK_API_URL'),
              channel: config.getOrThrow<string>('SLACK_CHANNEL'),
            },
          }),
        }),
        FeatureModule,
      ],
      controllers: [FailingController],
    });
    try {
      const notifier = booted.app.get(Reporter).notifier;
      expect(notifier).toBe(booted.app.get(BACKEND_NOTIFIER));
      const res = await fetch(`${booted.url}/orders/3`);
      expect(res.status).toBe(500);
      expect(await notifier.flush(10_000)).toBe(true);
      expect(texts(channel)).toHaveLength(1);
      expect(texts(channel)[0]).toContain('inventory service crashed');
    } finally {
      await booted.close();
    }
  });
});

describe('BackendNotifierModule options and lifecycle', () => {
  it('registers no filter with reportExceptions: false', async () => {
    const channel = 'nest-no-filter';
    const booted = await boot({
      imports: [
        BackendNotifierModule.forRoot({ reportExceptions: false, notifier: emulatorOptions(emu, channel) }),
      ],
      controllers: [FailingController],
    });
    try {
      const res = await fetch(`${booted.url}/orders/1`);
      expect(res.status).toBe(500);
      const notifier = booted.app.get<Notifier>(BACKEND_NOTIFIER);
      expect(await notifier.flush(10_000)).toBe(true);
      expect(notifier.stats().accepted).toBe(0);
    } finally {
      await booted.close();
    }
  });

  it('honours shouldReport', async () => {
    const booted = await boot({
      imports: [
        BackendNotifierModule.forRoot({
          notifier: emulatorOptions(emu, 'nest-should-report'),
          shouldReport: (exception) => exception instanceof NotFoundException,
        }),
      ],
      controllers: [FailingController],
    });
    try {
      await fetch(`${booted.url}/orders/1`);
      const res = await fetch(`${booted.url}/missing`);
      expect(res.status).toBe(404);
      const notifier = booted.app.get<Notifier>(BACKEND_NOTIFIER);
      expect(await notifier.flush(10_000)).toBe(true);
      expect(notifier.stats().accepted).toBe(1);
      expect(texts('nest-should-report')[0]).toContain('no such order');
    } finally {
      await booted.close();
    }
  });

  it('flushes pending messages on application shutdown', async () => {
    const channel = 'nest-shutdown';
    const booted = await boot({
      imports: [BackendNotifierModule.forRoot({ notifier: emulatorOptions(emu, channel) })],
    });
    const notifier = booted.app.get<Notifier>(BACKEND_NOTIFIER);
    for (let i = 0; i < 8; i++) notifier.notify(`shutdown message ${i}`);
    await booted.close();
    expect(emu.control.messages(channel)).toHaveLength(8);
    expect(notifier.stats().delivered).toBe(8);
  });

  it('boots anyway when Slack is unreachable at start, keeping the messages', async () => {
    const booted = await boot({
      imports: [
        BackendNotifierModule.forRoot({
          notifier: { ...emulatorOptions(emu, 'nest-unreachable'), slackApiUrl: 'http://127.0.0.1:9/api/' },
          shutdownTimeoutMs: 100,
        }),
      ],
      controllers: [FailingController],
    });
    try {
      const res = await fetch(`${booted.url}/orders/2`);
      expect(res.status).toBe(500);
      const notifier = booted.app.get<Notifier>(BACKEND_NOTIFIER);
      expect(notifier.stats().accepted).toBe(1);
      expect(notifier.stats().delivered).toBe(0);
    } finally {
      await booted.close();
    }
  });

  it('fails the boot on a configuration error, naming it without the token', async () => {
    const userToken = emu.control.createToken({ scopes: ['chat:write'], kind: 'user' });
    const failing = boot({
      imports: [
        BackendNotifierModule.forRoot({
          notifier: { ...emulatorOptions(emu, 'nest-bad'), token: userToken },
        }),
      ],
    });
    const error = await failing.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'NotifierError', code: 'invalid_token' });
    expect(String((error as Error).message)).not.toContain(userToken);
  });
});
