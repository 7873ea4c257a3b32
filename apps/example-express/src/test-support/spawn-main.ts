import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** `node dist/main.js` as a child process. */
export interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
}

/** Starts the built entry with the given environment added (the parent's `SLACK_*` and `REDIS_URL` removed). */
export function spawnMain(env: Record<string, string>): MainProcess {
  const childEnv: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(childEnv)) {
    if (key.startsWith('SLACK_') || key === 'REDIS_URL' || key === 'OUTBOX_PATH') delete childEnv[key];
  }
  const child = spawn(process.execPath, [MAIN], { env: { ...childEnv, ...env }, stdio: 'pipe' });
  let out = '';
  const append = (d: Buffer) => {
    out += d.toString('utf8');
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no ${pattern} in the output:\n${out}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
