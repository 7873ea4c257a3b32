import { BackendNotifierModule } from '@backend-notifier/nest-module';
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { DeployService } from './deploy.service.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [
    ConfigModule.forRoot(),
    BackendNotifierModule.forRootAsync({
      isGlobal: true,
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        notifier: {
          token: config.getOrThrow<string>('SLACK_BOT_TOKEN'),
          channel: 'alerts',
          slackApiUrl: config.get<string>('SLACK_API_URL'), // unset: https://slack.com/api/
        },
      }),
    }),
    TerminusModule, // for HealthCheckService
  ],
  controllers: [HealthController],
  providers: [DeployService],
})
export class AppModule {}
