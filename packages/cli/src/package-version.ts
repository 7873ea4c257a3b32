import { readFileSync } from 'node:fs';

/**
 * This package's version, from its own package.json (one level above `src/` and `dist/` alike), so
 * `--version` says what is installed without a build step writing it in.
 */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
