// An ESM app importing the package.
import 'reflect-metadata';
import * as pkg from '@backend-notifier/nest-module';

const dynamicModule = pkg.BackendNotifierModule.forRoot({
  notifier: { notify() {}, start: async () => {}, close: async () => true },
});
console.log(
  JSON.stringify({
    kind: 'esm',
    exports: Object.keys(pkg).sort(),
    token: typeof pkg.BACKEND_NOTIFIER,
    module: dynamicModule.module === pkg.BackendNotifierModule,
    filter: dynamicModule.providers.some((p) => p.useClass === pkg.SlackExceptionFilter),
  }),
);
