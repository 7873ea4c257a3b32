// Runs a script file in a fresh child Node process that nothing else keeps alive (no IPC channel, stdin
// closed), as a user's own script runs: how it ends is its own business. The script reports moments with
// `mark <name> <epoch ms> [json]` lines on stdout (pipes are synchronous on Linux, so a mark never holds the
// loop); the exit moment is taken here, on the process's 'exit' event. Tracked, so an overrun benchmark
// kills it too; killed (SIGKILL) after `timeoutMs`, or `watchMs` after its `end-called` mark once that
// has come, and then reported as `timedOut`.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { track } from './child-process.js';

/** Wall-clock time in ms with sub-ms precision, comparable across processes of this machine. */
export const epochNow = () => performance.timeOrigin + performance.now();

let counter = 0;

/**
 * @param {{ dir: string, source: string, env?: Record<string, string>, timeoutMs: number, watchMs?: number }} options
 *   `dir`: where the script is written (in `<dir>/.test-scripts/`, git-ignored) and runs from, so bare
 *   imports resolve from `dir`'s node_modules. `timeoutMs` bounds the whole run; `watchMs`, when given,
 *   bounds the time after the script's `end-called` mark (its start-up time does not count).
 * @returns {Promise<{ code: number | null, signal: string | null, timedOut: boolean, startedAt: number,
 *   exitAt: number, marks: Record<string, { at: number, data?: any }>, lines: { at: number, text: string }[],
 *   stdout: string, stderr: string }>}
 */
export function runScript({ dir, source, env = {}, timeoutMs, watchMs }) {
  const folder = join(dir, '.test-scripts');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `bench-${process.pid}-${++counter}.mjs`);
  writeFileSync(file, source);
  const startedAt = epochNow();
  const proc = track(
    spawn(process.execPath, [file], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  const kill = () => {
    timedOut = true;
    proc.kill('SIGKILL');
  };
  let killer = setTimeout(kill, timeoutMs);
  let watching = false;
  proc.stdout.setEncoding('utf8').on('data', (c) => {
    stdout += c;
    if (watchMs === undefined || watching) return;
    const m = /^mark end-called (\d+(?:\.\d+)?)$/m.exec(stdout);
    if (!m) return;
    watching = true;
    clearTimeout(killer);
    killer = setTimeout(kill, Math.max(0, Number(m[1]) + watchMs - epochNow()));
  });
  proc.stderr.setEncoding('utf8').on('data', (c) => {
    stderr += c;
  });
  return new Promise((resolve) => {
    let exit;
    proc.once('exit', (code, signal) => {
      exit = { code, signal, exitAt: epochNow() };
    });
    // 'close' comes after 'exit' once stdout/stderr are drained: every mark has arrived by then.
    proc.once('close', () => {
      clearTimeout(killer);
      rmSync(file, { force: true });
      const marks = {};
      const lines = [];
      for (const line of stdout.split('\n')) {
        const m = /^mark (\S+) (\d+(?:\.\d+)?)(?: (.*))?$/.exec(line);
        if (m) {
          marks[m[1]] = { at: Number(m[2]), data: m[3] === undefined ? undefined : JSON.parse(m[3]) };
          continue;
        }
        const l = /^log (\d+(?:\.\d+)?) (.*)$/.exec(line);
        if (l) lines.push({ at: Number(l[1]), text: l[2] });
      }
      resolve({ ...exit, timedOut, startedAt, marks, lines, stdout, stderr });
    });
  });
}
