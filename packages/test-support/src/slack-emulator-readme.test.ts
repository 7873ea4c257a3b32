import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Message, RequestLogEntry } from '@backend-notifier/slack-emulator';
import { describe, expect, it } from 'vitest';
import { ConsoleSession, consoleSteps } from './console-session.js';
import { readmeSnippets, transpileSnippet } from './readme-snippets.js';
import { runNode } from './run-node.js';

// The slack-emulator README's runnable examples, run as a reader would: the Quick start as a script in a
// child process, the console blocks in a replayed shell (the bin in its own process, curl over HTTP).
// This file lives here, not in the emulator package, because test-support depends on the emulator.

const require = createRequire(import.meta.url);
const EMULATOR_DIR = dirname(require.resolve('@backend-notifier/slack-emulator/package.json'));
const README = join(EMULATOR_DIR, 'README.md');
const REPO_ROOT = join(EMULATOR_DIR, '..', '..');
const snippets = readmeSnippets(README);

describe('slack-emulator README', () => {
  it('the Quick start runs as an ES module script, posts "hello" and exits 0 by itself', async () => {
    const quickStart = snippets.find((s) => s.lang === 'ts' && s.code.includes('startSlackEmulator'));
    if (!quickStart) throw new Error('no Quick start block in the README');
    // The block's last call reads the messages; print them so the test sees the Slack side.
    const source = `${transpileSnippet(quickStart.code)}\nconsole.log(JSON.stringify(emu.control.messages('alerts')));\n`;
    // From the emulator's folder: `@slack/web-api` and the package itself resolve as in a user's app.
    const run = await runNode({ dir: EMULATOR_DIR, source, timeoutMs: 15_000 });
    expect(run.stderr).toBe('');
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 0, timedOut: false });
    expect(run.durationMs).toBeLessThan(10_000);
    const messages = JSON.parse(run.stdout.trim().split('\n').pop() ?? '[]') as Message[];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ user: 'U0EMULBOT', botId: 'B0EMULATOR', text: 'hello' });
    expect(messages[0]?.ts).toMatch(/^\d{10}\.\d{6}$/);
  });

  it('the console blocks run as shown: the bin, auth.test, the control API, its refusals, the stop', async () => {
    const blocks = snippets.filter((s) => s.lang === 'console');
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const session = new ConsoleSession({ cwd: REPO_ROOT });
    try {
      const steps = blocks.flatMap((b) => consoleSteps(b.code, b.line + 1));
      const stop = steps.findIndex((s) => s.command.startsWith('kill %1'));
      expect(stop).toBe(steps.length - 1);
      for (const step of steps.slice(0, stop)) await session.run(step);

      // The Slack side, read before the README stops the bin.
      const page = `http://127.0.0.1:${session.volatile.get('port:40749')}/`;
      const read = async <T>(path: string): Promise<T> =>
        (await (await fetch(`${page}_emulator/${path}`)).json()) as T;
      const { requests } = await read<{ requests: RequestLogEntry[] }>('requests');
      expect(requests.map((r) => [r.method, r.outcome])).toEqual([
        ['auth.test', 'ok'],
        ['chat.postMessage', 'ratelimited'],
        ['chat.postMessage', 'ok'],
      ]);
      const { messages } = await read<{ messages: Message[] }>('channels/alerts/messages');
      expect(messages.map((m) => m.text)).toEqual(['again']);
      expect((await read<{ faults: unknown[] }>('faults')).faults).toEqual([]);

      await session.run(steps[stop] as (typeof steps)[number]);
      // `kill %1; wait %1; echo $?`: the bin ended by itself after SIGTERM with code 0, within 2 s.
      const stopped = session.results.filter((r) => r.line === steps[stop]?.line);
      expect(stopped.map((r) => r.code)).toEqual([0, 0, 0]);
      expect(Math.max(...stopped.map((r) => r.durationMs))).toBeLessThan(2_000);
      // Nothing was left running for the harness to kill.
      expect(await session.close()).toBe(0);
    } finally {
      await session.close();
    }
  });
});
