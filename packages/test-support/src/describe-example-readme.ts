import { join } from 'node:path';
import type { Message } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from './console-session.js';
import { type ReadmeSnippet, readmeSnippets } from './readme-snippets.js';

/** Options of {@link describeExampleReadme}. */
export interface ExampleReadmeOptions {
  /** The app's folder (its README.md); the shell runs from the repository root, two levels up. */
  appDir: string;
  /** Blocks that are not commands to replay, each with the reason. */
  notReplayed: Array<[(s: ReadmeSnippet) => boolean, string]>;
  /** Variables of the test runner's environment the reader's shell does not have (removed for the file). */
  clearEnv: string[];
  /** The channel the standalone-emulator block posts to. */
  channel: string;
  /** The texts Slack holds after that block, in order. */
  expectedTexts: string[];
}

/**
 * The README's two console blocks of an example app, replayed as a reader's shell would (ConsoleSession):
 * the built app and the emulator bin in child processes that nothing else keeps alive, curl over HTTP,
 * SIGTERM with `kill %N`, each command's output matched against what the README shows, each process ending
 * by itself. Every other block must be listed in `notReplayed` with its reason.
 */
export function describeExampleReadme(options: ExampleReadmeOptions): void {
  const repoRoot = join(options.appDir, '..', '..');
  const snippets = readmeSnippets(join(options.appDir, 'README.md'));
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const key of options.clearEnv) {
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
      const unknown = snippets.filter(
        (s) => s.lang !== 'console' && !options.notReplayed.some(([is]) => is(s)),
      );
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
        const { messages } = (await (
          await fetch(`${page}_emulator/channels/${options.channel}/messages`)
        ).json()) as { messages: Message[] };
        expect(messages.map((m) => m.text)).toEqual(options.expectedTexts);
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
}
