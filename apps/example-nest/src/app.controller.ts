import type { Notifier } from '@backend-notifier/core';
import { InjectNotifier } from '@backend-notifier/nest-module';
import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type winston from 'winston';
import { WINSTON_LOGGER } from './app-config.js';

const DEPLOY_STATUSES = ['started', 'succeeded', 'failed', 'rolled_back'] as const;
type DeployStatus = (typeof DEPLOY_STATUSES)[number];

interface DeployBody {
  service?: string;
  version?: string;
  environment?: string;
  status?: string;
  by?: string;
}

/** The example routes: a page, two failures, a deployment notice, a job that logs an error. */
@Controller()
export class AppController {
  readonly #notifier: Notifier;
  readonly #logger: winston.Logger;

  constructor(@InjectNotifier() notifier: Notifier, @Inject(WINSTON_LOGGER) logger: winston.Logger) {
    this.#notifier = notifier;
    this.#logger = logger;
  }

  @Get()
  index() {
    return { ok: true, service: 'example-nest' };
  }

  @Get('boom')
  boom(): never {
    throw new Error('Something broke in GET /boom (nest)');
  }

  @Get('boom-async')
  async boomAsync(): Promise<never> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new RangeError('Invoice total out of range in the async handler (nest)');
  }

  @Get('not-found')
  notFound(): never {
    // A 4xx is the app answering normally: the exception filter does not report it.
    throw new BadRequestException('no such thing');
  }

  @Post('deploy')
  @HttpCode(202)
  deploy(@Body() body: DeployBody = {}) {
    const status = (body.status ?? 'succeeded') as DeployStatus;
    if (!DEPLOY_STATUSES.includes(status)) {
      throw new BadRequestException(`status must be one of ${DEPLOY_STATUSES.join(', ')}`);
    }
    const receipt = this.#notifier.notify({
      priority: status === 'failed' ? 'high' : 'normal',
      deployment: {
        service: body.service ?? 'example-nest',
        version: body.version ?? '0.0.0',
        environment: body.environment ?? 'production',
        status,
        ...(body.by ? { by: body.by } : {}),
      },
    });
    return { queued: true, id: receipt.id };
  }

  @Post('jobs/:name/run')
  @HttpCode(202)
  runJob(@Param('name') name: string) {
    // A background job failing after the response: the error reaches Slack through Winston.
    setImmediate(() => {
      this.#logger.error(`job ${name} failed`, {
        error: new Error(`Job ${name} failed: database deadlock`),
        job: name,
        attempt: 2,
      });
    });
    return { started: name };
  }
}
