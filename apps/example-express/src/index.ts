/** The example Express app, importable (the demo starts it in-process). `main.ts` is the runnable entry. */
export { type CreateAppOptions, createApp } from './create-app.js';
export { type CreateLoggerOptions, createLogger } from './create-logger.js';
export { type CreateOutboxOptions, createOutbox, type Outbox } from './create-outbox.js';
export { defaultOutboxPath } from './default-outbox-path.js';
export {
  type RunningExpressExample,
  type StartExpressExampleOptions,
  startExpressExample,
} from './start-express-example.js';
