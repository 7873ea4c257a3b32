/**
 * The README's console blocks, replayed as a reader's shell would (test-support's ConsoleSession): the
 * built app and the emulator bin in child processes that nothing else keeps alive, curl over HTTP, SIGTERM
 * with `kill %N`, each command's output matched against what the README shows, each process ending by
 * itself. The blocks that are not replayed are listed with the reason. Runs the built app (`pnpm test`
 * builds first).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Message } from '@backend-notifier/slack-emulator';
import { ConsoleSession, type ReadmeSnippet, readmeSnippets } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(appDir, '..', '..');
const snippets = readmeSnippets(join(appDir, 'README.md'));

/** Blocks that are not commands to replay, and why. */
const NOT_REPLAYED: Array<[(s: ReadmeSnippet) => boolean, string]> = [
  [(s) => s.lang === 'sh' && s.code.startsWith('pnpm install'), 'the build (`pnpm test` builds first)'],
];

// The reader's shell has none of the test runner's settings.
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const key of ['OUTBOX_PATH', 'PORT', 'LOG_LEVEL']) {
    saved[key] = process.env[key];
    delete process.env[key];
  }
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
});

const consoleBlocks = snippets.filter((s) => s.lang === 'console');

describe('README', () => {
  it('every block is replayed below or listed with the reason it is not', () => {
    const unknown = snippets.filter((s) => s.lang !== 'console' && !NOT_REPLAYED.some(([is]) => is(s)));
    expect(unknown.map((s) => `line ${s.line}: ${s.code.split('\n')[0]}`)).toEqual([]);
    expect(consoleBlocks).toHaveLength(2);
  });

  it('Run it: the app with its embedded emulator, two failures, SIGTERM: both delivered, exit 0', async () => {
    const block = consoleBlocks[0] as ReadmeSnippet;
    const session = new ConsoleSession({ cwd: repoRoot });
    try {
      await session.runBlock(block.code, block.line + 1);
      expect(await session.close()).toBe(0);
    } finally {
      await session.close();
    }
  });

  it('against a standalone emulator: SIGTERM with a message still pending, both in Slack once', async () => {
    const block = consoleBlocks[1] as ReadmeSnippet;
    const session = new ConsoleSession({ cwd: repoRoot });
    try {
      const lines = block.code.split('\n');
      const stopEmulator = lines.findIndex((l) => l.startsWith('$ kill %1'));
      // Everything up to the emulator's stop, then the Slack side, then the stop.
      await session.runBlock(`${lines.slice(0, stopEmulator).join('\n')}\n`, block.line + 1);
      const page = `http://127.0.0.1:${session.volatile.get('port:40749')}/`;
      const { messages } = (await (await fetch(`${page}_emulator/channels/nest-alerts/messages`)).json()) as {
        messages: Message[];
      };
      expect(messages.map((m) => m.text)).toEqual([
        '🔴 GET /boom failed with 500',
        '🔴 Error: Job nightly-import failed: database deadlock',
      ]);
      // `kill %2; wait %2; echo $?`: the app ended by itself after SIGTERM, with 0.
      const stopped = session.results.filter((r) => r.command.startsWith('kill %2'));
      expect(stopped.map((r) => r.code)).toEqual([0, 0, 0]);
      await session.runBlock(`${lines.slice(stopEmulator).join('\n')}\n`, block.line + 1 + stopEmulator);
      expect(await session.close()).toBe(0);
    } finally {
      await session.close();
    }
  });
});
