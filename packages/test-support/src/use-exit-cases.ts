import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { countIds } from './count-ids.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.js';
import { runNode } from './run-node.js';
import type { NodeRun } from './start-node-file.js';

/** Options of {@link useExitCases}. */
export interface ExitCasesOptions {
  /** The package whose built entry the scripts import; they run from there. */
  packageDir: string;
  /** The emulator's seed (ids and tokens), one per test file. */
  seed: string;
  /** The user's script of each module kind; it reads its case from `EXIT_CASE`. */
  script: (kind: 'esm' | 'cjs') => string;
  /**
   * Multiplies the emulator's rates: 1,000 entries at Slack's 1/s would take 17 minutes, so the emulator and
   * the script's notifier are scaled alike. @default 1000
   */
  rateScale?: number;
  /** A run is killed (and reported `timedOut`) after this long. @default 60_000 */
  timeoutMs?: number;
  /** The id each logged entry carries, counted on the Slack side. @default /\be-(\d+)\b/ */
  id?: RegExp;
}

/** A finished exit case: the child's run, and when the parent saw it gone. */
export interface ExitCaseRun extends NodeRun {
  /** Epoch ms when the parent saw the process gone. */
  goneAt: number;
}

/** The epoch ms of the first stdout line `<tag> <ms> ...`, and the rest of that line. */
export function stampOf(stdout: string, tag: string): { at: number; rest: string } | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(`${tag} `));
  if (line === undefined) return undefined;
  const [, at = '', ...rest] = line.split(' ');
  return { at: Number(at), rest: rest.join(' ') };
}

/**
 * The harness of a logger adapter's exit tests: one emulator in another process for the calling test file
 * (`beforeAll`, after checking the package is built; closed in `afterAll`), and `run(case, kind)`, the
 * user's script in a child process that nothing else keeps alive, with the case in `EXIT_CASE` and the
 * emulator in `SLACK_BOT_TOKEN` / `SLACK_API_URL`. `held(channel)` is what Slack holds, counted by id.
 */
export function useExitCases<Case>(options: ExitCasesOptions) {
  let emulator: EmulatorProcess | undefined;
  beforeAll(async () => {
    expect(existsSync(join(options.packageDir, 'dist', 'index.js')), 'build the package first').toBe(true);
    emulator = await startEmulatorProcess({ seed: options.seed, rateScale: options.rateScale ?? 1000 });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  const id = options.id ?? /\be-(\d+)\b/;
  const cases = {
    get emu(): EmulatorProcess {
      if (!emulator) throw new Error('the emulator starts in beforeAll');
      return emulator;
    },
    async run(c: Case, kind: 'esm' | 'cjs' = 'esm'): Promise<ExitCaseRun> {
      const result = await runNode({
        dir: options.packageDir,
        kind,
        source: options.script(kind),
        env: {
          EXIT_CASE: JSON.stringify(c),
          SLACK_BOT_TOKEN: cases.emu.botToken,
          SLACK_API_URL: cases.emu.apiUrl,
        },
        timeoutMs: options.timeoutMs ?? 60_000,
      });
      return { ...result, goneAt: Date.now() };
    },
    /** Each id Slack holds in `channel` with how many messages carry it, in the order first posted. */
    async counted(channel: string): Promise<Array<[string, number]>> {
      return [...countIds(await cases.emu.control.messages(channel), id)];
    },
    /** {@link counted}, sorted by id (numerically): compare with {@link ids}. */
    async held(channel: string): Promise<Array<[string, number]>> {
      return (await cases.counted(channel)).sort((a, b) => Number(a[0]) - Number(b[0]));
    },
    /** Ids `0..n-1`, each once: what `held` shows when every entry is in Slack exactly once. */
    ids(n: number): Array<[string, number]> {
      return Array.from({ length: n }, (_, i) => [String(i), 1]);
    },
  };
  return cases;
}
