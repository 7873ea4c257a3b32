import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The nest-module tests and the Nest example's tests, run a second time against Nest 11 (their own
// projects run them against the Nest 12 the workspace builds with). Nothing is copied but the built
// nest-module (see global-setup.ts): the test files are theirs, read in place.
const here = fileURLToPath(new URL('.', import.meta.url));
const nestDir = join(here, 'node_modules', '@nestjs');

export default defineProject({
  // Nest needs TypeScript's legacy decorators, as in the two projects whose tests these are.
  oxc: { decorator: { legacy: true } },
  resolve: {
    // In the test process: every `@nestjs/<name>[/path]` the code under test imports (sources, and the
    // workspace packages' dist that Vitest transforms) is this package's Nest 11 copy. Nest's own files
    // are not transformed, and pnpm links their imports to the Nest 11 copies they were installed with.
    alias: readdirSync(nestDir).map((name) => ({
      find: new RegExp(`^@nestjs/${name}(?=/|$)`),
      replacement: realpathSync(join(nestDir, name)),
    })),
  },
  test: {
    name: 'nest11',
    globalSetup: [join(here, 'global-setup.ts')],
    env: {
      // Read by @backend-notifier/test-support's nestUnderTest() (what the version tests expect) and by
      // nest-from.cjs, preloaded into every child process, which resolves `@nestjs/*` from here there too.
      NEST_FROM: here,
      NEST_MAJOR: '11',
      NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --require ${join(here, 'nest-from.cjs')}`.trim(),
    },
    testTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'nest-module',
          root: '../../packages/nest-module',
          include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
        },
      },
      {
        test: {
          name: 'example-nest',
          root: '../example-nest',
          include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
        },
      },
    ],
  },
});
