import type { Notifier } from '@backend-notifier/core';
import { InjectNotifier } from '@backend-notifier/nest-module';
import { Injectable } from '@nestjs/common';

@Injectable()
export class DeployService {
  constructor(@InjectNotifier() private readonly notifier: Notifier) {}

  announce(version: string) {
    this.notifier.notify({ text: `${version} is live`, priority: 'low' });
  }
}
