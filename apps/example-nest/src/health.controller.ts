import { SlackHealthIndicator } from '@backend-notifier/nest-module';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';

/** `GET /health`: terminus report with the Slack notifier's health under `slack`. */
@Controller('health')
export class HealthController {
  readonly #health: HealthCheckService;
  readonly #slack: SlackHealthIndicator;

  constructor(
    @Inject(HealthCheckService) health: HealthCheckService,
    @Inject(SlackHealthIndicator) slack: SlackHealthIndicator,
  ) {
    this.#health = health;
    this.#slack = slack;
  }

  @Get()
  @HealthCheck()
  check() {
    return this.#health.check([() => this.#slack.isHealthy('slack')]);
  }
}
