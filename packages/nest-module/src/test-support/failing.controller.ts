import type { Notifier } from '@backend-notifier/core';
import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  NotFoundException,
  Post,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import { InjectNotifier } from '../inject-notifier.decorator.js';

export class TeapotError extends Error {}

@Catch(TeapotError)
export class TeapotFilter implements ExceptionFilter {
  catch(exception: TeapotError, host: ArgumentsHost) {
    host.switchToHttp().getResponse().status(418).json({ teapot: exception.message });
  }
}

/** Routes that fail in the ways the filter must tell apart, plus one that notifies explicitly. */
@Controller()
export class FailingController {
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

  @Get('unavailable')
  unavailable(): never {
    throw new ServiceUnavailableException('payments provider down');
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
