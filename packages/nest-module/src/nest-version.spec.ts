/**
 * Which Nest these tests run on, checked rather than assumed. The `@nestjs/*` copies the run is meant to
 * load (this package's devDependencies, Nest 12; or Nest 11 when apps/nest11-compat runs these same tests,
 * see `nestUnderTest`) are the very ones the module's code gets, in the test process and in child processes
 * running the built package (ESM and CommonJS), and Nest's own packages use those copies too: a run that
 * loaded the other major, or mixed the two, fails here. Runs the built package (`pnpm test` builds first).
 */
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Notifier } from '@backend-notifier/core';
import { describeNest, nestUnderTest, runNode } from '@backend-notifier/test-support';
import { Injectable } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { BackendNotifierModule } from './backend-notifier.module.js';
import { SlackExceptionFilter } from './slack-exception.filter.js';
import { boot } from './test-support/nest-harness.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const nest = nestUnderTest(packageDir);
/** The packages whose major is Nest's own (@nestjs/config has its own numbering). */
const FRAMEWORK = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/testing',
  '@nestjs/terminus',
];

function entry(name: string) {
  const found = nest.packages[name];
  if (!found) throw new Error(`${join(nest.from, 'package.json')} does not list ${name}`);
  return found;
}
// biome-ignore lint/suspicious/noExplicitAny: the namespaces of whichever Nest major is installed
const load = (name: string): Promise<any> => import(/* @vite-ignore */ entry(name).url);

const stub = {
  notify() {},
  start: async () => {},
  close: async () => true,
  flush: async () => true,
} as unknown as Notifier;

/** A Nest app using the built package, as a user's (ESM or CommonJS) file; prints what it loaded. */
const child = (kind: 'esm' | 'cjs') => `
${
  kind === 'esm'
    ? `import 'reflect-metadata';
import { BackendNotifierModule, SlackExceptionFilter } from '@backend-notifier/nest-module';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';`
    : `require('reflect-metadata');
const { BackendNotifierModule, SlackExceptionFilter } = require('@backend-notifier/nest-module');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');`
}
const expected = JSON.parse(process.env.EXPECTED_NEST);
const load = async (name) => {
  const ns = await import(expected[name]);
  return ns.default && !ns.NestFactory && !ns.Module && !ns.ExpressAdapter ? ns.default : ns;
};
(async () => {
  const [common, core, express] = await Promise.all(
    ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express'].map(load),
  );
  class AppModule {}
  Module({ imports: [BackendNotifierModule.forRoot({ notifier: { notify() {}, start: async () => {}, close: async () => true } })] })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.init();
  console.log(JSON.stringify({
    script: Module === common.Module && NestFactory === core.NestFactory,
    dist: Object.getPrototypeOf(SlackExceptionFilter) === core.BaseExceptionFilter,
    app: app instanceof core.NestApplication,
    adapter: app.getHttpAdapter() instanceof express.ExpressAdapter,
  }));
  await app.close();
})();
`;

describe(`the Nest these tests run on (major ${nest.major})`, () => {
  it(`lists @nestjs/* ${nest.major} to load`, () => {
    console.log(
      `nest-module tests on ${describeNest(nest)} (from ${relative(join(packageDir, '..', '..'), nest.from) || '.'})`,
    );
    for (const name of FRAMEWORK) expect(`${name} ${entry(name).major}`).toBe(`${name} ${nest.major}`);
  });

  it("the module's code, the tests and Nest's own packages use exactly those copies in this process", async () => {
    const [common, core, express, testing, terminus] = await Promise.all(FRAMEWORK.map(load));
    expect(Injectable).toBe(common.Injectable);
    expect(NestFactory).toBe(core.NestFactory);
    expect(Object.getPrototypeOf(SlackExceptionFilter)).toBe(core.BaseExceptionFilter);
    expect(HealthCheckService).toBe(terminus.HealthCheckService);
    expect(Test).toBe(testing.Test);
    // What Nest builds by itself: @nestjs/testing's app is core's, core's HTTP adapter platform-express's.
    const booted = await boot({
      imports: [TerminusModule, BackendNotifierModule.forRoot({ notifier: stub, reportExceptions: false })],
    });
    try {
      expect(booted.app).toBeInstanceOf(core.NestApplication);
      expect(booted.app.getHttpAdapter()).toBeInstanceOf(express.ExpressAdapter);
      expect(booted.app.get(HealthCheckService)).toBeInstanceOf(terminus.HealthCheckService);
    } finally {
      await booted.close();
    }
  });

  it("Nest's packages resolve @nestjs/common and @nestjs/core to those same copies (no two majors mixed)", () => {
    const checked: string[] = [];
    for (const p of Object.values(nest.packages)) {
      const manifest = createRequire(join(p.dir, 'package.json'))('./package.json') as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      const needs = { ...manifest.dependencies, ...manifest.peerDependencies };
      for (const dep of ['@nestjs/common', '@nestjs/core']) {
        if (dep === p.name || needs[dep] === undefined) continue;
        const resolved = pathToFileURL(createRequire(join(p.dir, 'package.json')).resolve(dep)).href;
        expect(`${p.name} -> ${resolved}`).toBe(`${p.name} -> ${entry(dep).url}`);
        checked.push(`${p.name} -> ${dep}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(7);
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: a child process running the built package loads them too',
    async (kind) => {
      const expected = Object.fromEntries(FRAMEWORK.map((name) => [name, entry(name).url]));
      const result = await runNode({
        dir: packageDir,
        kind,
        source: child(kind),
        env: { EXPECTED_NEST: JSON.stringify(expected) },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
        script: true,
        dist: true,
        app: true,
        adapter: true,
      });
    },
  );
});
