import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleSession, consoleSteps, readmeSnippets, runNode } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI_PATH } from './test-support/cli-path.js';

// The README's examples, run as its reader would: every console block in one replayed shell, in order
// (the emulator it starts in the background, then doctor, send, manifest, the emulator in the foreground),
// each command a child process that nothing else keeps alive, its output compared line by line with the
// README (only ports and message ts left free), its exit code shown by `echo $?` whenever it is not 0.

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const snippets = readmeSnippets(README);

describe('cli README', () => {
  it('the build block ends with `node packages/cli/dist/cli.js --help`, which prints the usage and exits 0', async () => {
    const build = snippets.find((s) => s.lang === 'sh' && s.code.includes('dist/cli.js --help'));
    const lines = (build?.code ?? '').trim().split('\n');
    // `pnpm install` and the build are what `pnpm test` runs before any test; only the last line is new here.
    expect(lines.slice(0, -1)).toEqual(['pnpm install', 'pnpm --filter @backend-notifier/cli... build']);
    expect(lines.at(-1)).toBe('node packages/cli/dist/cli.js --help');
    const run = await runNode({
      dir: REPO_ROOT,
      source: `import ${JSON.stringify(join(REPO_ROOT, 'packages/cli/dist/cli.js'))};\n`,
      args: ['--help'],
      timeoutMs: 10_000,
    });
    expect({ code: run.code, timedOut: run.timedOut, stderr: run.stderr }).toEqual({
      code: 0,
      timedOut: false,
      stderr: '',
    });
    expect(run.stdout).toMatch(/^Usage: backend-notifier <command> \[options\]\n/);
  });

  it('every console block runs as shown, and Slack ends up holding exactly the two sent messages', async () => {
    const session = new ConsoleSession({ cwd: REPO_ROOT, bins: { 'backend-notifier': CLI_PATH } });
    try {
      const steps = snippets
        .filter((s) => s.lang === 'console')
        .flatMap((s) => consoleSteps(s.code, s.line + 1));
      const stop = steps.findIndex((s) => s.command.startsWith('kill %1'));
      expect(stop).toBeGreaterThan(0);
      for (const step of steps.slice(0, stop)) await session.run(step);

      // The Slack side, from the emulator's control API, before the README stops it.
      const page = `http://127.0.0.1:${session.volatile.get('port:46597')}/_emulator/`;
      const texts = async (channel: string) =>
        (
          (await (await fetch(`${page}channels/${channel}/messages`)).json()) as {
            messages: Array<{ text: string }>;
          }
        ).messages.map((m) => m.text);
      expect(await texts('alerts')).toEqual(['🔴 Disk almost full on db-1', '🟢 from stdin']);
      expect(await texts('releases')).toEqual([]);
      expect(await texts('ops')).toEqual([]);
      const manifest = parse(readFileSync(join(session.scratchDir, 'manifest.yml'), 'utf8')) as {
        oauth_config: { scopes: { bot: string[] } };
      };
      expect(manifest.oauth_config.scopes.bot).toEqual([
        'chat:write',
        'channels:manage',
        'channels:read',
        'channels:join',
        'channels:history',
      ]);

      for (const step of steps.slice(stop)) await session.run(step);
      // `kill %1; wait %1` and Ctrl-C: each emulator ended by itself, code 0, within 2 s of the signal.
      const stopped = session.results.filter((r) => r.command.startsWith('kill %1'));
      expect(stopped.map((r) => r.code)).toEqual([0, 0, 0]);
      expect(Math.max(...stopped.map((r) => r.durationMs))).toBeLessThan(2_000);
      // Every command that ran ended by itself within its bound (the session fails one that does not).
      expect(session.results.length).toBeGreaterThan(20);
      expect(await session.close()).toBe(0);
    } finally {
      await session.close();
    }
  }, 120_000);
});
