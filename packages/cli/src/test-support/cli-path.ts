import { fileURLToPath } from 'node:url';

/** The built bin: tests run the real thing, as a user would (test-support's runNodeFile/startNodeFile). */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
