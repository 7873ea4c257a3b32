import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** A child process running one of the scripts beside this file, with its stdout split into lines. */
export interface RunningChild {
  proc: ChildProcess;
  /** Complete stdout lines so far (a line cut by a kill is not in it). */
  lines: string[];
  stderr: () => string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** Calls `fn` on every complete line, as it arrives. */
  onLine(fn: (line: string) => void): void;
}

/** Runs `node <script>` from `test-support/` with `env` added; the script imports the BUILT packages. */
export function startChild(script: string, env: Record<string, string>): RunningChild {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const proc = spawn(process.execPath, [path], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let partial = '';
  let err = '';
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const fn of listeners) fn(line);
    }
  });
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    proc.on('close', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { proc, lines, stderr: () => err, exited, onLine: (fn) => listeners.push(fn) };
}

/** Opens the file read-only (so the WAL a killed process left is neither checkpointed nor removed) and checks it. */
export function inspectDb(path: string): {
  integrity: string;
  states: Record<string, number>;
  /** The notification text of each row left in flight. */
  inFlightTexts: string[];
  /** Total of the persistent drop counters. */
  dropped: number;
} {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('\n');
    const states: Record<string, number> = {};
    for (const row of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as {
      state: string;
      n: number;
    }[]) {
      states[row.state] = row.n;
    }
    const inFlightTexts = (
      db.prepare(`SELECT notification FROM outbox WHERE state = 'in_flight'`).all() as {
        notification: string;
      }[]
    ).map((row) => {
      const n = JSON.parse(row.notification) as string | { text?: string };
      return typeof n === 'string' ? n : (n.text ?? '');
    });
    const { dropped } = db.prepare('SELECT coalesce(sum(count), 0) AS dropped FROM drops').get() as {
      dropped: number;
    };
    return { integrity, states, inFlightTexts, dropped };
  } finally {
    db.close();
  }
}

/** Deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
