// A CommonJS app loading the package with require() (Node >= 20.19 loads ESM this way).
require('reflect-metadata');
const pkg = require('@backend-notifier/nest-module');

const dynamicModule = pkg.BackendNotifierModule.forRoot({
  notifier: { notify() {}, start: async () => {}, close: async () => true },
});
console.log(
  JSON.stringify({
    kind: 'cjs',
    exports: Object.keys(pkg).sort(),
    token: typeof pkg.BACKEND_NOTIFIER,
    module: dynamicModule.module === pkg.BackendNotifierModule,
    filter: dynamicModule.providers.some((p) => p.useClass === pkg.SlackExceptionFilter),
  }),
);
