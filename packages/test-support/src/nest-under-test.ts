import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One `@nestjs/*` package of the copy a test run is meant to load. */
export interface NestPackage {
  name: string;
  version: string;
  major: number;
  /** Its real folder (pnpm links resolved). */
  dir: string;
  /** `file:` URL of its entry, as Node resolves the bare name from {@link NestUnderTest.from}. */
  url: string;
}

/** The Nest a package's tests run against. */
export interface NestUnderTest {
  /** The folder whose `node_modules` hold the `@nestjs/*` packages of this run. */
  from: string;
  /** The major the run must load: `NEST_MAJOR`, else that of `@nestjs/core` in `from`'s package.json. */
  major: number;
  /** By name, every `@nestjs/*` package `from`'s package.json lists. */
  packages: Record<string, NestPackage>;
}

const majorOf = (version: string) => Number(/\d+/.exec(version)?.[0]);

/**
 * Which copy of `@nestjs/*` the tests of `packageDir` are meant to load: the package's own (its
 * devDependencies), unless `NEST_FROM` names another folder, which a run against another Nest major sets
 * (apps/nest11-compat runs the nest-module and example-nest tests on Nest 11 that way). Tests compare what
 * they actually loaded with this, so a run that silently loaded the other major fails.
 */
export function nestUnderTest(packageDir: string): NestUnderTest {
  const from = process.env['NEST_FROM'] || packageDir;
  const manifestPath = join(from, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const listed = { ...manifest.dependencies, ...manifest.devDependencies };
  const require = createRequire(manifestPath);
  const packages: Record<string, NestPackage> = {};
  for (const name of Object.keys(listed).filter((n) => n.startsWith('@nestjs/'))) {
    const dir = realpathSync(join(from, 'node_modules', name));
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    packages[name] = {
      name,
      version,
      major: majorOf(version),
      dir,
      url: pathToFileURL(require.resolve(name)).href,
    };
  }
  const core = listed['@nestjs/core'];
  if (core === undefined) throw new Error(`${manifestPath} does not list @nestjs/core`);
  return { from, major: Number(process.env['NEST_MAJOR'] || majorOf(core)), packages };
}

/** `@nestjs/core 11.2.10, @nestjs/common 11.2.10, ...` for a log line. */
export function describeNest(nest: NestUnderTest): string {
  return Object.values(nest.packages)
    .map((p) => `${p.name} ${p.version}`)
    .join(', ');
}
