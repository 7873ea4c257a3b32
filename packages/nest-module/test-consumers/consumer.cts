// Type-checked as a CommonJS module (module: nodenext): require() of the ESM package with its types.
import type { Notifier } from '@backend-notifier/core';
import {
  BackendNotifierModule,
  type BackendNotifierModuleOptions,
  SlackHealthIndicator,
} from '@backend-notifier/nest-module';
import type { DynamicModule } from '@nestjs/common';

declare const notifier: Notifier;
const options: BackendNotifierModuleOptions = { notifier, shutdownTimeoutMs: 2000 };
export const root: DynamicModule = BackendNotifierModule.forRoot({ ...options, isGlobal: true });
export const indicator: typeof SlackHealthIndicator = SlackHealthIndicator;
// @ts-expect-error the notifier (or its options) is required (proves the types resolved, not `any`)
BackendNotifierModule.forRoot({ shutdownTimeoutMs: 1 });
