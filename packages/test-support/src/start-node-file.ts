import { type ChildProcess, spawn } from 'node:child_process';

/** How to run a Node file in a child process. */
export interface NodeFileOptions {
  /** The working directory of the process. @default process.cwd() */
  cwd?: string;
  /** Added to the parent's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /**
   * Variables of the parent's environment whose names match are not passed on (applied before `env`), so a
   * child sees none of the test runner's settings, such as `SLACK_*`. @default nothing removed
   */
  unsetEnv?: RegExp;
  /** Extra arguments after the script path. */
  args?: string[];
  /** Node flags before the script path (`--enable-source-maps`, ...). */
  execArgv?: string[];
  /** The process is killed with SIGKILL after this long and the run marked `timedOut`. @default 30_000 */
  timeoutMs?: number;
  /** Written to the process's stdin, which is then closed (`echo x | node app.js`). @default stdin closed */
  input?: string;
  /** Called once the process is gone (before `exited` resolves), e.g. to remove a script file. */
  onExit?: () => void;
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
  /** Complete stdout lines so far (a line cut by a kill is not in it). */
  lines(): string[];
  stdout(): string;
  stderr(): string;
  /** Calls `fn` on every complete stdout line from now on, as it arrives. */
  onLine(fn: (line: string) => void): void;
  /** Resolves with the first stdout line that matches (rejects after `timeoutMs` or if the process exits first). */
  waitForLine(match: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Resolves once the process is gone. */
  readonly exited: Promise<NodeRun>;
}

function childEnv(options: NodeFileOptions): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (options.unsetEnv) {
    for (const key of Object.keys(env)) if (options.unsetEnv.test(key)) delete env[key];
  }
  return { ...env, ...options.env };
}

const matches = (match: RegExp | string, line: string) =>
  typeof match === 'string' ? line.includes(match) : match.test(line);

/**
 * Starts `node <file>` in a child process whose life nothing else decides: no test-runner handles, no IPC
 * channel, stdin closed (or fed `input`, then closed). The only way it ends is its own (or the `timeoutMs`
 * SIGKILL, reported as `timedOut`). For a built entry (`dist/main.js`, a bin) or a script file beside a test.
 */
export function startNodeFile(file: string, options: NodeFileOptions = {}): NodeProcess {
  const started = performance.now();
  const proc = spawn(process.execPath, [...(options.execArgv ?? []), file, ...(options.args ?? [])], {
    cwd: options.cwd ?? process.cwd(),
    env: childEnv(options),
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
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(killer);
      options.onExit?.();
      resolve({ code, signal, stdout: out, stderr: err, durationMs: performance.now() - started, timedOut });
    };
    proc.on('close', done);
    // Kept in stderr rather than thrown: a failed kill or pipe must not crash the test runner.
    proc.on('error', (error) => {
      err += `${error.message}\n`;
    });
  });
  return {
    proc,
    lines: () => [...lines],
    stdout: () => out,
    stderr: () => err,
    onLine: (fn) => {
      lineListeners.add(fn);
    },
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

/** Runs `node <file>` to its end (see {@link startNodeFile}). */
export function runNodeFile(file: string, options: NodeFileOptions = {}): Promise<NodeRun> {
  return startNodeFile(file, options).exited;
}
