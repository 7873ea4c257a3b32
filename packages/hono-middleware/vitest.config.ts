import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'hono-middleware',
    include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
    testTimeout: 30_000,
  },
});
