// The Nest module from the tarballs, in plain JavaScript (decorators applied as functions, as a compiler
// would): a controller that throws is reported by the global filter, terminus answers the Slack health,
// and app.close() closes the notifier after delivering what is pending.
import 'reflect-metadata';
import { BackendNotifierModule, SlackHealthIndicator } from '@backend-notifier/nest-module';
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { emulatorEnv, expectOneMessage, run } from './lib/emulator.mjs';

const marker = `nest-smoke-${process.pid}`;
const method = (decorators, cls, name) => {
  const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, name);
  for (const decorate of decorators) decorate(cls.prototype, name, descriptor);
};

class OrdersController {
  pay() {
    throw new Error(`payment provider unreachable (${marker})`);
  }
}
method([Get('pay')], OrdersController, 'pay');
Controller('orders')(OrdersController);

class HealthController {
  constructor(health, slack) {
    this.health = health;
    this.slack = slack;
  }
  check() {
    return this.health.check([() => this.slack.isHealthy('slack')]);
  }
}
Inject(HealthCheckService)(HealthController, undefined, 0);
Inject(SlackHealthIndicator)(HealthController, undefined, 1);
method([Get(), HealthCheck()], HealthController, 'check');
Controller('health')(HealthController);

run('nest-module (ESM, Nest 12 + terminus)', async () => {
  const { apiUrl, token } = emulatorEnv();
  const channel = 'smoke-nest';
  class AppModule {}
  Module({
    imports: [
      BackendNotifierModule.forRoot({ notifier: { token, channel, slackApiUrl: apiUrl } }),
      TerminusModule,
    ],
    controllers: [OrdersController, HealthController],
  })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    const res = await fetch(`${base}/orders/pay`);
    const body = await res.json();
    if (res.status !== 500 || body.message !== 'Internal server error') {
      throw new Error(`GET /orders/pay: ${res.status} ${JSON.stringify(body)}`);
    }
    const health = await fetch(`${base}/health`);
    const report = await health.json();
    if (health.status !== 200 || report.info?.slack?.status !== 'up') {
      throw new Error(`GET /health: ${health.status} ${JSON.stringify(report)}`);
    }
  } finally {
    await app.close(); // the module closes the notifier, delivering what is pending first
  }
  await expectOneMessage(channel, [marker, 'GET /orders/pay failed with 500']);
  return `500 from Nest's filter chain, report "GET /orders/pay failed with 500" in #${channel}, terminus slack up`;
});
