// Type-checked as an ES module (module: nodenext).
import { BACKEND_NOTIFIER, BackendNotifierModule, InjectNotifier } from '@backend-notifier/nest-module';
import type { DynamicModule } from '@nestjs/common';

export const root: DynamicModule = BackendNotifierModule.forRootAsync({
  reportExceptions: false,
  useFactory: () => ({ notifier: { token: 'xoxb-from-config', channel: 'alerts' } }),
});
export const token: symbol = BACKEND_NOTIFIER;
export const decorator: ParameterDecorator = InjectNotifier();
// @ts-expect-error the notifier (or its options) is required
BackendNotifierModule.forRoot({ shutdownTimeoutMs: 1 });
