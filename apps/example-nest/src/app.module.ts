import { BackendNotifierModule } from '@backend-notifier/nest-module';
import { createNotifierLogger } from '@backend-notifier/winston-transport';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import type winston from 'winston';
import { AppController } from './app.controller.js';
import { type AppConfig, WINSTON_LOGGER } from './app-config.js';
import { createOutbox } from './create-outbox.js';
import { HealthController } from './health.controller.js';
import { SlackLogBridge } from './slack-log-bridge.js';

/** Provides the Winston logger everywhere (the notifier's factory injects it too). */
@Global()
@Module({})
class LoggingModule {
  static register(logger: winston.Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: WINSTON_LOGGER, useValue: logger }],
      exports: [WINSTON_LOGGER],
    };
  }
}

/** The example app's root module. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest's dynamic-module idiom (`AppModule.forRoot(...)`) needs a class.
export class AppModule {
  /**
   * @param config what `ConfigService` serves (from the environment in `main.ts`, explicit in tests)
   * @param logger the app's Winston logger
   */
  static forRoot(config: AppConfig, logger: winston.Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        LoggingModule.register(logger),
        BackendNotifierModule.forRootAsync({
          isGlobal: true,
          inject: [ConfigService, WINSTON_LOGGER],
          useFactory: (cfg: ConfigService, log: winston.Logger) => {
            const rate = cfg.get<number>('perChannelPerSecond');
            const apiUrl = cfg.get<string>('slack.apiUrl');
            return {
              notifier: {
                token: cfg.getOrThrow<string>('slack.token'),
                channel: cfg.getOrThrow<string>('slack.channel'),
                ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
                ...(rate ? { perChannelPerSecond: rate, burst: 3 } : {}),
                store: createOutbox(cfg.getOrThrow<string>('outbox')),
                // Lines it logs carry source 'backend-notifier'; the Slack transport skips them. Only the
                // levels the logger has on are written, and nothing once it is closed.
                logger: createNotifierLogger(log),
              },
              shutdownTimeoutMs: 10_000,
            };
          },
        }),
        TerminusModule,
      ],
      controllers: [AppController, HealthController],
      providers: [SlackLogBridge],
    };
  }
}
