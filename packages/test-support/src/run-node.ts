import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What to run in a child Node process. */
export interface NodeScriptOptions {
  /**
   * Folder the script is written to (and runs from): bare imports such as `@backend-notifier/core` resolve
   * from there, as they would in the user's app. The file goes into `<dir>/.test-scripts/` and is removed
   * when the process ends.
   */
  dir: string;
  /** The script's source, written to a file (not `-e`: a user's app is a file). */
  source: string;
  /** `esm` writes `.mjs`, `cjs` writes `.cjs`. @default 'esm' */
  kind?: 'esm' | 'cjs';
  /** Added to the parent's environment. */
  env?: Record<string, string | undefined>;
  /** Extra arguments after the script path. */
  args?: string[];
  /** Node flags before the script path (`--enable-source-maps`, ...). */
  execArgv?: string[];
  /** The process is killed with SIGKILL after this long and the run marked `timedOut`. @default 30_000 */
  timeoutMs?: number;
  /** Written to the process's stdin, which is then closed (`echo x | node app.js`). @default stdin closed */
  input?: string;
}

/** How a child process ended. */
export interface NodeRun {
  /** The exit code, or null if a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit. */
  durationMs: number;
  /** The harness had to kill it: it did not end by itself within `timeoutMs`. */
  timedOut: boolean;
}

/** A running child process. */
export interface NodeProcess {
  readonly proc: ChildProcess;
  /** Complete stdout lines so far. */
  lines(): string[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line that matches (rejects after `timeoutMs` or if the process exits first). */
  waitForLine(match: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Resolves once the process is gone. */
  readonly exited: Promise<NodeRun>;
}

let counter = 0;

/**
 * Starts a script in a child Node process whose life nothing else decides: no test-runner handles, no IPC
 * channel, stdin closed. The only way it ends is its own (or the `timeoutMs` SIGKILL, reported as `timedOut`).
 */
export function startNode(options: NodeScriptOptions): NodeProcess {
  const folder = join(options.dir, '.test-scripts');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `script-${process.pid}-${++counter}.${options.kind === 'cjs' ? 'cjs' : 'mjs'}`);
  writeFileSync(file, options.source);
  const started = performance.now();
  const proc = spawn(process.execPath, [...(options.execArgv ?? []), file, ...(options.args ?? [])], {
    cwd: options.dir,
    env: { ...process.env, ...options.env },
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  proc.stdin?.end(options.input);
  let out = '';
  let err = '';
  let partial = '';
  const lines: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const fn of lineListeners) fn(line);
    }
  });
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    proc.kill('SIGKILL');
  }, options.timeoutMs ?? 30_000);
  const exited = new Promise<NodeRun>((resolve) => {
    proc.on('close', (code, signal) => {
      clearTimeout(killer);
      rmSync(file, { force: true });
      resolve({
        code,
        signal,
        stdout: out,
        stderr: err,
        durationMs: performance.now() - started,
        timedOut,
      });
    });
  });
  const matches = (match: RegExp | string, line: string) =>
    typeof match === 'string' ? line.includes(match) : match.test(line);
  return {
    proc,
    lines: () => [...lines],
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLine(match, timeoutMs = 15_000) {
      const seen = lines.find((line) => matches(match, line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (fn: () => void) => {
          clearTimeout(timer);
          lineListeners.delete(listener);
          fn();
        };
        const listener = (line: string) => {
          if (matches(match, line)) done(() => resolve(line));
        };
        const timer = setTimeout(
          () =>
            done(() => reject(new Error(`no line matching ${match} within ${timeoutMs} ms; stderr: ${err}`))),
          timeoutMs,
        );
        lineListeners.add(listener);
        void exited.then(() =>
          done(() => reject(new Error(`process exited before a line matching ${match}; stderr: ${err}`))),
        );
      });
    },
  };
}

/** Runs a script to its end (see {@link startNode}). */
export function runNode(options: NodeScriptOptions): Promise<NodeRun> {
  return startNode(options).exited;
}
