import { defineProject } from 'vitest/config';

export default defineProject({
  // Nest needs TypeScript's legacy decorators (parameter decorators included); no decorator metadata is
  // emitted, so every injection names its token with @Inject().
  oxc: { decorator: { legacy: true } },
  test: {
    name: 'example-nest',
    include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
    testTimeout: 30_000,
  },
});
