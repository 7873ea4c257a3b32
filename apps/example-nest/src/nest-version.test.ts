/**
 * Which Nest the example's tests run on, checked rather than assumed: the `@nestjs/*` copies the run is
 * meant to load (the app's dependencies, Nest 12; or Nest 11 when apps/nest11-compat runs these same tests,
 * see `nestUnderTest`) are those the running app is made of, in the test process and in a child process
 * running the built app (`dist/`, as `node dist/main.js` does). A run that loaded the other major fails here.
 * Runs the built app (`pnpm test` builds first).
 */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeNest, nestUnderTest, runNode } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';
import { startNestExample } from './start-nest-example.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const nest = nestUnderTest(appDir);
const CHECKED = ['@nestjs/config', '@nestjs/core', '@nestjs/platform-express', '@nestjs/terminus'] as const;

function entry(name: string) {
  const found = nest.packages[name];
  if (!found) throw new Error(`${join(nest.from, 'package.json')} does not list ${name}`);
  return found;
}
const expected = Object.fromEntries(CHECKED.map((name) => [name, entry(name).url]));

const MADE_OF = { app: true, adapter: true, health: true, config: true };

/** A user's ESM file booting the built app, printing which copies its app object comes from. */
const CHILD = `
import { startNestExample } from ${JSON.stringify(join(appDir, 'dist', 'index.js'))};
const expected = JSON.parse(process.env.EXPECTED_NEST);
const load = async (name) => {
  const ns = await import(expected[name]);
  return ns.NestFactory || ns.ExpressAdapter || ns.ConfigService || ns.HealthCheckService ? ns : ns.default;
};
const [config, core, express, terminus] = await Promise.all(${JSON.stringify(CHECKED)}.map(load));
const running = await startNestExample({ port: 0, logLevel: 'silent', outbox: 'memory' });
const { app } = running;
console.log(JSON.stringify({
  app: app instanceof core.NestApplication,
  adapter: app.getHttpAdapter() instanceof express.ExpressAdapter,
  health: app.get(terminus.HealthCheckService) instanceof terminus.HealthCheckService,
  config: app.get(config.ConfigService) instanceof config.ConfigService,
}));
await running.close();
`;

describe(`the Nest the example runs on (major ${nest.major})`, () => {
  it(`lists @nestjs/core ${nest.major} to load`, () => {
    console.log(
      `example-nest tests on ${describeNest(nest)} (from ${relative(join(appDir, '..', '..'), nest.from) || '.'})`,
    );
    expect(entry('@nestjs/core').major).toBe(nest.major);
    expect(entry('@nestjs/platform-express').major).toBe(nest.major);
  });

  it('the app in the test process is made of exactly those copies', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the namespaces of whichever Nest major is installed
    const [config, core, express, terminus] = await Promise.all<any>(
      CHECKED.map((name) => import(/* @vite-ignore */ entry(name).url)),
    );
    const running = await startNestExample({ port: 0, logLevel: 'silent', outbox: 'memory' });
    try {
      const { app } = running;
      expect({
        app: app instanceof core.NestApplication,
        adapter: app.getHttpAdapter() instanceof express.ExpressAdapter,
        health: app.get(terminus.HealthCheckService) instanceof terminus.HealthCheckService,
        config: app.get(config.ConfigService) instanceof config.ConfigService,
      }).toEqual(MADE_OF);
    } finally {
      await running.close();
    }
  });

  it('the built app in a child process is made of them too', async () => {
    const result = await runNode({
      dir: appDir,
      source: CHILD,
      env: { EXPECTED_NEST: JSON.stringify(expected) },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual(MADE_OF);
  });
});
