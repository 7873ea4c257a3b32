import 'reflect-metadata';
import type { createNotifier, Logger, Notifier } from '@backend-notifier/core';
import type { SlackEmulator } from '@backend-notifier/slack-emulator';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';

export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Notifier options pointed at the emulator, fast enough for tests. */
export function emulatorOptions(emu: SlackEmulator, channel: string) {
  return {
    token: emu.botToken,
    channel,
    slackApiUrl: emu.apiUrl,
    perChannelPerSecond: 20,
    burst: 5,
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    logger: quiet,
  } satisfies Parameters<typeof createNotifier>[0];
}

export interface BootedApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Compiles a testing module, boots it as a real HTTP app on a free loopback port. */
export async function boot(metadata: ModuleMetadata): Promise<BootedApp> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

/** A notifier whose `health()` is scripted; everything else comes from `base`. */
export function scriptedHealth(base: Notifier, health: Notifier['health']): Notifier {
  return {
    notify: (n) => base.notify(n),
    start: () => base.start(),
    stats: () => base.stats(),
    flush: (ms) => base.flush(ms),
    close: (ms) => base.close(ms),
    health,
  };
}
