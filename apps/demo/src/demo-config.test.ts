import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, readDemoConfig } from './demo-config.js';

describe('readDemoConfig', () => {
  it('has the documented defaults', () => {
    expect(readDemoConfig({})).toEqual({
      port: 3700,
      expressPort: 0,
      nestPort: 0,
      fastifyPort: 0,
      durationMs: undefined,
      rateScale: 1,
      flushTimeoutMs: 60_000,
      logLevel: 'error',
      dataDir: DEFAULT_DATA_DIR,
      script: true,
    });
    // apps/demo/data/, wherever the process was started from.
    expect(DEFAULT_DATA_DIR).toBe(fileURLToPath(new URL('../data/', import.meta.url)));
    expect(DEFAULT_DATA_DIR).toMatch(/apps\/demo\/data\/$/);
  });

  it('reads the environment and names a bad value', () => {
    const config = readDemoConfig({ DEMO_PORT: '0', DEMO_DURATION_MS: '1500', DEMO_RATE_SCALE: '2.5' });
    expect(config).toMatchObject({ port: 0, durationMs: 1500, rateScale: 2.5 });
    expect(() => readDemoConfig({ DEMO_PORT: '70000' })).toThrow(/DEMO_PORT/);
    expect(() => readDemoConfig({ DEMO_RATE_SCALE: '0' })).toThrow(/DEMO_RATE_SCALE/);
    expect(readDemoConfig({ DEMO_DATA_DIR: '/tmp/x', DEMO_SCRIPT: 'off' })).toMatchObject({
      dataDir: '/tmp/x',
      script: false,
    });
    expect(() => readDemoConfig({ DEMO_SCRIPT: 'maybe' })).toThrow(/DEMO_SCRIPT/);
  });
});
