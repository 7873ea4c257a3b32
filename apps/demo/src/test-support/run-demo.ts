import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The built demo entry running as a child process. */
export interface DemoProcess {
  child: ChildProcessWithoutNullStreams;
  /** Its `DEMO_DATA_DIR`. */
  dataDir: string;
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
}

/** A fresh folder for the demo's outboxes, so a test never touches `apps/demo/data/`. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'demo-data-'));
}

/**
 * Runs `node dist/main.js` as `pnpm start` would, with the given environment (Slack variables removed;
 * `DEMO_DATA_DIR` a fresh temporary folder unless given). `started` collects it for cleanup.
 */
export function runDemo(env: Record<string, string>, started: DemoProcess[]): DemoProcess {
  const dataDir = env['DEMO_DATA_DIR'] ?? tempDataDir();
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, DEMO_DATA_DIR: dataDir };
  for (const key of Object.keys(childEnv)) if (key.startsWith('SLACK_')) delete childEnv[key];
  const child = spawn(process.execPath, [MAIN], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const demo: DemoProcess = {
    child,
    dataDir,
    output: () => out,
    exited,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no ${pattern} in the demo output:\n${out}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  started.push(demo);
  return demo;
}

/** A message as the emulator page's `GET /_emulator/state` lists it. */
export interface StateMessage {
  ts: string;
  text: string;
  metadata?: { event_type?: string; event_payload?: { id?: string } };
  attachments?: unknown[];
  blocks?: unknown[];
}

/** The messages of `channel` on the emulator page at `page` (empty when the channel does not exist yet). */
export async function channelMessages(page: string, channel: string): Promise<StateMessage[]> {
  const state = (await (await fetch(new URL('_emulator/state', page))).json()) as {
    channels: Array<{ name: string; messages: StateMessage[] }>;
  };
  return state.channels.find((c) => c.name === channel)?.messages ?? [];
}
