import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where a program some suites need is looked for, and how to get it. */
interface BinarySpec {
  /** Where it is looked for, in words, for the message. */
  where: (env: Env) => string;
  /** The candidate paths; the first executable file wins. */
  candidates: (env: Env) => string[];
  /** The command that installs it (Debian's package, as `.ci/run` does). */
  install: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function onPath(program: string) {
  return (env: Env) =>
    (env['PATH'] ?? '')
      .split(delimiter)
      .filter((dir) => isAbsolute(dir))
      .map((dir) => join(dir, program));
}

// The page test launches `CHROMIUM_PATH ?? /usr/bin/chromium`; the check looks exactly there.
const chromiumPath = (env: Env) => env['CHROMIUM_PATH'] || '/usr/bin/chromium';

const BINARIES = {
  'redis-server': {
    where: () => 'on the PATH',
    candidates: onPath('redis-server'),
    install: 'sudo apt-get install redis-server',
  },
  chromium: {
    where: (env) => `at ${chromiumPath(env)} (CHROMIUM_PATH overrides)`,
    candidates: (env) => [chromiumPath(env)],
    install: 'sudo apt-get install chromium',
  },
} satisfies Record<string, BinarySpec>;

/** A program that some test suites need and that `pnpm install` does not bring. */
export type RequiredBinary = keyof typeof BINARIES;

/** Options of {@link requireBinary}. */
export interface RequireBinaryOptions {
  /** Read for `PATH`, `CHROMIUM_PATH` and `CI`. @default process.env */
  env?: Env;
  /** Where the skip reason is printed (Vitest shows it under the suite's file). @default console.warn */
  log?: (line: string) => void;
}

/** `CI` counts as set unless empty, `0` or `false` (how CI services and std-env read it). */
function isCi(env: Env): boolean {
  const ci = (env['CI'] ?? '').trim().toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false';
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, at the top of a suite, that a program it needs is there. Returns `undefined` when it is, else the
 * reason to skip: which program, where it was looked for, and the command that installs it; the reason is
 * also printed, so a run on a machine without it says which suites skipped and why. With `CI` set, a missing
 * program throws instead: CI must run every suite, and a skip there would hide a missing install step.
 *
 * ```ts
 * const noRedis = requireBinary('redis-server');
 * describe.skipIf(noRedis)('shared outbox', () => { ... });
 * ```
 * Skip every top-level `describe`/`it` of the file this way: Vitest then runs none of its `beforeAll`s.
 */
export function requireBinary(name: RequiredBinary, options: RequireBinaryOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const spec: BinarySpec = BINARIES[name];
  if (spec.candidates(env).some(isExecutableFile)) return undefined;
  const reason = `needs ${name}, not found ${spec.where(env)}; install it with \`${spec.install}\``;
  if (isCi(env)) {
    throw new Error(
      `${reason}. CI is set, so a missing ${name} fails the run instead of skipping the suite.`,
    );
  }
  (options.log ?? console.warn)(`skipped: this suite ${reason}`);
  return reason;
}
