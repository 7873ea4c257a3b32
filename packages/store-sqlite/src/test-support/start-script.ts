import { fileURLToPath } from 'node:url';
import { type NodeProcess, startNodeFile } from '@backend-notifier/test-support';

/**
 * Runs `node <script>` from this folder (test-support's startNodeFile: a process nothing else keeps alive),
 * from the package folder with `env` added; the scripts import the BUILT packages. A run is killed after
 * 5 minutes (reported as `timedOut`): far beyond any scenario's bound, only so a hung child cannot outlive
 * the suite.
 */
export function startScript(script: string, env: Record<string, string>): NodeProcess {
  return startNodeFile(fileURLToPath(new URL(script, import.meta.url)), {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env,
    timeoutMs: 300_000,
  });
}
