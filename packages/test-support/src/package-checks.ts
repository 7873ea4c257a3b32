import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readmeSnippets } from './readme-snippets.js';
import type { NodeProcess, NodeRun } from './run-node.js';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Runs `tsc -p project` (the workspace's TypeScript); resolves '' when it passes, else tsc's output. */
export function typecheck(project: string, cwd?: string): Promise<string> {
  return run(process.execPath, [tsc, '-p', project], cwd === undefined ? {} : { cwd }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout || String(error),
  );
}

/** Runs a consumer script (`node file` in `cwd`) and parses the last line it prints as JSON. */
export async function runConsumer(cwd: string, file: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [file], { cwd });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
}

/** A README's blocks, checked the way every package README here is written. */
export interface ReadmeExamples {
  /** `<!-- example: path -->` of each TypeScript block, in order. */
  files: string[];
  /** The blocks whose code differs from the file they name (should be empty: embedded verbatim). */
  differing: string[];
  /** The languages of the blocks that are not TypeScript. */
  otherLangs: string[];
  /** The code of the `sh` blocks, joined (the install lines). */
  install: string;
}

/** Reads `<packageDir>/README.md` and compares each TypeScript block with the example file it names. */
export function readmeExamples(packageDir: string): ReadmeExamples {
  const snippets = readmeSnippets(join(packageDir, 'README.md'));
  const ts = snippets.filter((s) => s.lang === 'ts');
  const other = snippets.filter((s) => s.lang !== 'ts');
  return {
    files: ts.map((s) => s.example ?? `(no example marker, line ${s.line})`),
    differing: ts
      .filter((s) => !s.example || readFileSync(join(packageDir, s.example), 'utf8') !== s.code)
      .map((s) => s.example ?? `line ${s.line}`),
    otherLangs: other.map((s) => s.lang),
    install: other
      .filter((s) => s.lang === 'sh')
      .map((s) => s.code)
      .join(''),
  };
}

/** Sends `signal` to a started process and waits for it to end: its run, and ms from the signal to the end. */
export async function stopWith(
  child: NodeProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<{ run: NodeRun; tookMs: number }> {
  const signalledAt = Date.now();
  child.proc.kill(signal);
  const result = await child.exited;
  return { run: result, tookMs: Date.now() - signalledAt };
}
