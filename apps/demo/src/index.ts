/** The demo, importable; `main.ts` is the entry `pnpm start` runs. */
export { type DemoConfig, readDemoConfig } from './demo-config.js';
export { BURST_SIZE, demoScript, runScript, type ScriptStep } from './run-script.js';
export { DEMO_CHANNELS, type DemoSummary, type RunningDemo, startDemo } from './start-demo.js';
export { startEmulatorWithFallback } from './start-emulator-with-fallback.js';
export { type RunningFastifyApp, type StartFastifyAppOptions, startFastifyApp } from './start-fastify-app.js';
