/** What the child process of the shutdown tests does (see {@link SHUTDOWN_APP}). */
export interface ShutdownCase {
  channel: string;
  /** Notifications sent through the injected notifier before the app closes, each with an id `n-<i>`. */
  count: number;
  /** Requests to `GET /boom/:id` (the exception filter reports each), ids `n-<count + i>`. */
  failures: number;
  /** `close` = `await app.close()`; `signal` = `app.enableShutdownHooks()`, then wait for SIGTERM. */
  ending: 'close' | 'signal';
  shutdownTimeoutMs: number;
  perChannelPerSecond: number;
}

/**
 * A Nest app as a user writes it (TypeScript, transpiled by the test with `transpileSnippet`, no decorator
 * metadata: explicit `@Inject` tokens): `BackendNotifierModule.forRoot`, a controller that throws, then
 * `app.close()` (or SIGTERM with `enableShutdownHooks()`). It prints `READY`, `CLOSE <epoch ms>` when it
 * starts closing, `CLOSED <epoch ms> <stats>` once `app.close()` resolved and `EXIT <epoch ms> <code>` when
 * the process exits. The case comes in `SHUTDOWN_CASE`, the emulator in `SLACK_BOT_TOKEN` / `SLACK_API_URL`.
 */
export const SHUTDOWN_APP = `
import 'reflect-metadata';
import type { Notifier } from '@backend-notifier/core';
import { BACKEND_NOTIFIER, BackendNotifierModule } from '@backend-notifier/nest-module';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const c = JSON.parse(process.env.SHUTDOWN_CASE ?? '{}');

@Controller()
class BoomController {
  @Get('boom/:id')
  boom(@Param('id') id: string) {
    throw new Error('job failed ' + id);
  }
}

@Module({
  imports: [
    BackendNotifierModule.forRoot({
      notifier: {
        token: process.env.SLACK_BOT_TOKEN ?? '',
        channel: c.channel,
        slackApiUrl: process.env.SLACK_API_URL,
        perChannelPerSecond: c.perChannelPerSecond,
        workspacePerMinute: c.perChannelPerSecond * 60,
      },
      shutdownTimeoutMs: c.shutdownTimeoutMs,
    }),
  ],
  controllers: [BoomController],
})
class AppModule {}

async function main() {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  if (c.ending === 'signal') app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const notifier = app.get<Notifier>(BACKEND_NOTIFIER);
  process.on('exit', (code) => console.log('EXIT ' + Date.now() + ' ' + code));
  for (let i = 0; i < c.count; i++) notifier.notify({ text: 'deployed n-' + i, priority: 'high' });
  for (let i = 0; i < c.failures; i++) {
    const res = await fetch(url + '/boom/n-' + (c.count + i));
    if (res.status !== 500) throw new Error('expected 500, got ' + res.status);
  }
  if (c.ending === 'signal') {
    process.once('SIGTERM', () => console.log('CLOSE ' + Date.now()));
    console.log('READY');
    return;
  }
  console.log('CLOSE ' + Date.now());
  await app.close();
  console.log('CLOSED ' + Date.now() + ' ' + JSON.stringify(notifier.stats()));
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
