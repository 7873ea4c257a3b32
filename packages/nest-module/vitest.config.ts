import { defineProject } from 'vitest/config';

export default defineProject({
  // Nest needs TypeScript's legacy (experimental) decorators, parameter decorators included. Vite's oxc
  // transform takes them from tsconfig.json, which excludes the tests; say so explicitly for every file.
  // No decorator metadata: every injection names its token with @Inject().
  oxc: { decorator: { legacy: true } },
  test: {
    name: 'nest-module',
    include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
    testTimeout: 30_000,
  },
});
