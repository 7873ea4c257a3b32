import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NodeFileOptions, type NodeProcess, type NodeRun, startNodeFile } from './start-node-file.js';

export type { NodeProcess, NodeRun } from './start-node-file.js';

/** What to run in a child Node process. */
export interface NodeScriptOptions extends Omit<NodeFileOptions, 'cwd' | 'onExit'> {
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
}

let counter = 0;

/**
 * Starts a script in a child Node process whose life nothing else decides: no test-runner handles, no IPC
 * channel, stdin closed. The only way it ends is its own (or the `timeoutMs` SIGKILL, reported as `timedOut`).
 */
export function startNode(options: NodeScriptOptions): NodeProcess {
  const { dir, source, kind, ...rest } = options;
  const folder = join(dir, '.test-scripts');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `script-${process.pid}-${++counter}.${kind === 'cjs' ? 'cjs' : 'mjs'}`);
  writeFileSync(file, source);
  return startNodeFile(file, { ...rest, cwd: dir, onExit: () => rmSync(file, { force: true }) });
}

/** Runs a script to its end (see {@link startNode}). */
export function runNode(options: NodeScriptOptions): Promise<NodeRun> {
  return startNode(options).exited;
}
