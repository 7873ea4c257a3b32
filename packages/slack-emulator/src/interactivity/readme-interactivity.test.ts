import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// By path, not as a package: a workspace dependency on test-support would be a cycle (it depends on the emulator).
import { readmeSnippets, transpileSnippet } from '../../../test-support/src/readme-snippets.js';
import { runNode } from '../../../test-support/src/run-node.js';

// The README's interactivity example, run as a reader would: an ES module script in a child process
// (from the package folder, so `@slack/socket-mode` and the built package resolve as in a user's app).

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('README interactivity example', () => {
  it('clicks as bob over Socket Mode, the app acks and replaces the message; the script exits 0 by itself', async () => {
    const snippet = readmeSnippets(README).find(
      (s) => s.lang === 'ts' && s.code.includes('SocketModeClient'),
    );
    if (!snippet) throw new Error('no interactivity block in the README');
    const source = `${transpileSnippet(snippet.code)}\nconsole.log(JSON.stringify({ click, text: emu.control.messages('incidents')[0]?.text }));\n`;
    const run = await runNode({ dir: PACKAGE_DIR, source, timeoutMs: 20_000 });
    expect(run.stderr).toBe('');
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 0, timedOut: false });
    expect(run.durationMs).toBeLessThan(10_000);
    const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
      click: { outcome: string; via: string; ackMs: number; user: string };
      text: string;
    };
    expect(out.click).toMatchObject({ outcome: 'acked', via: 'socket', user: 'U0BOB0001' });
    expect(out.click.ackMs).toBeLessThan(3000);
    expect(out.text).toBe('Acknowledged by bob');
  });
});
