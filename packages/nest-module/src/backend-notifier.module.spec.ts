import 'reflect-metadata';
import type { Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { Inject, Injectable, Module, NotFoundException } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_NOTIFIER } from './backend-notifier.constants.js';
import { BackendNotifierModule } from './backend-notifier.module.js';
import { FailingController } from './test-support/failing.controller.js';
import { boot, emulatorOptions } from './test-support/nest-harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
});
afterAll(async () => {
  await emu.close();
});

const texts = (channel: string) => emu.control.messages(channel).map((m) => JSON.stringify(m));

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
