import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'pino-transport',
    include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
    testTimeout: 30_000,
  },
});
