import { fileURLToPath } from 'node:url';

/**
 * The demo's data folder when `DEMO_DATA_DIR` is not set: `apps/demo/data/`, resolved from this module's
 * location (`src/` or `dist/`), not the working directory. Ignored by git (`data/`).
 */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

/** What the demo reads from the environment. */
export interface DemoConfig {
  /** Emulator port; taken → any free port. `DEMO_PORT`. @default 3700 */
  port: number;
  /** `EXPRESS_PORT`. @default 0 (any free port) */
  expressPort: number;
  /** `NEST_PORT`. @default 0 (any free port) */
  nestPort: number;
  /** `FASTIFY_PORT`. @default 0 (any free port) */
  fastifyPort: number;
  /** Stop by itself after this many ms; undefined = run until Ctrl-C. `DEMO_DURATION_MS`. @default undefined */
  durationMs: number | undefined;
  /**
   * Multiplies Slack's rates in the emulator and the notifiers alike (ratios kept), e.g. 20 for tests.
   * `DEMO_RATE_SCALE`. @default 1 (Slack's real pace: about 1 message per second per channel)
   */
  rateScale: number;
  /** How long shutdown waits for pending messages. `DEMO_FLUSH_TIMEOUT_MS`. @default 60000 */
  flushTimeoutMs: number;
  /** Console level of the apps' Winston loggers. `DEMO_LOG_LEVEL`. @default 'error' */
  logLevel: string;
  /**
   * Folder of the apps' SQLite outboxes (`example-express-outbox.sqlite`, `example-nest-outbox.sqlite`,
   * `fastify-app-outbox.sqlite`), kept
   * across runs so a restart delivers what a killed run left pending. `DEMO_DATA_DIR`. @default DEFAULT_DATA_DIR
   */
  dataDir: string;
  /** Play the scripted traffic; `DEMO_SCRIPT=off` only starts (and delivers what was pending). @default true */
  script: boolean;
}

function intFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer between 0 and ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads the demo's settings; throws on a malformed value (named). */
export function readDemoConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const scaleRaw = env['DEMO_RATE_SCALE'];
  const rateScale = scaleRaw === undefined || scaleRaw === '' ? 1 : Number(scaleRaw);
  if (!Number.isFinite(rateScale) || rateScale <= 0) {
    throw new Error(`DEMO_RATE_SCALE must be a positive number, got ${JSON.stringify(scaleRaw)}`);
  }
  const duration = intFrom(env, 'DEMO_DURATION_MS', 0);
  const script = env['DEMO_SCRIPT'] || 'on';
  if (script !== 'on' && script !== 'off') {
    throw new Error(`DEMO_SCRIPT must be on or off, got ${JSON.stringify(script)}`);
  }
  return {
    port: intFrom(env, 'DEMO_PORT', 3700, 65_535),
    expressPort: intFrom(env, 'EXPRESS_PORT', 0, 65_535),
    nestPort: intFrom(env, 'NEST_PORT', 0, 65_535),
    fastifyPort: intFrom(env, 'FASTIFY_PORT', 0, 65_535),
    durationMs: duration > 0 ? duration : undefined,
    rateScale,
    flushTimeoutMs: intFrom(env, 'DEMO_FLUSH_TIMEOUT_MS', 60_000),
    logLevel: env['DEMO_LOG_LEVEL'] || 'error',
    dataDir: env['DEMO_DATA_DIR'] || DEFAULT_DATA_DIR,
    script: script === 'on',
  };
}
