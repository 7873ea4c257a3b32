/** The example Nest app, importable (the demo boots it in-process). `main.ts` is the runnable entry. */
export { AppController } from './app.controller.js';
export { AppModule } from './app.module.js';
export { type AppConfig, WINSTON_LOGGER } from './app-config.js';
export { createOutbox } from './create-outbox.js';
export { createWinstonLogger } from './create-winston-logger.js';
export { defaultOutboxPath } from './default-outbox-path.js';
export { HealthController } from './health.controller.js';
export { SlackLogBridge } from './slack-log-bridge.js';
export {
  type RunningNestExample,
  type StartNestExampleOptions,
  startNestExample,
} from './start-nest-example.js';
export { WinstonNestLogger } from './winston-nest-logger.js';
