import { fileURLToPath } from 'node:url';

/**
 * Where the app keeps its SQLite outbox when `OUTBOX_PATH` is not set: `apps/example-express/data/`,
 * resolved from this module's own location (it sits in `src/` or `dist/`, one level below the app folder),
 * so the file is the same whatever the working directory. The repository's `.gitignore` ignores `data/`.
 */
export function defaultOutboxPath(): string {
  return fileURLToPath(new URL('../data/example-express-outbox.sqlite', import.meta.url));
}
