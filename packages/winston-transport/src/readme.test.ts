/**
 * Every code block of the README, run as written: the TypeScript ones, types stripped, each as a script in
 * its own child Node process against an emulator in another process (`SLACK_API_URL` is the one thing the
 * snippet reads that a user would not set). Runs the built package (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  type ReadmeSnippet,
  readmeSnippets,
  runNode,
  startEmulatorProcess,
  transpileSnippet,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const snippets = readmeSnippets(fileURLToPath(new URL('../README.md', import.meta.url)));
// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes are what is removed.
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'winston-readme' });
});
afterAll(async () => {
  await emu?.close();
});

/** Which test runs each block: a new block fails this test until it has one. */
const covered = (s: ReadmeSnippet) =>
  (s.lang === 'sh' && s.code.startsWith('pnpm add ')) || (s.lang === 'ts' && s.code.includes('logger.end()'));

describe('README', () => {
  it('every block is covered by a test below', () => {
    expect(snippets.filter((s) => !covered(s)).map((s) => `line ${s.line}`)).toEqual([]);
    expect(snippets.filter((s) => s.lang === 'ts')).toHaveLength(1);
  });

  it('the install line names every package the usage imports', () => {
    const install = snippets.find((s) => s.lang === 'sh')?.code ?? '';
    const usage = snippets.find((s) => s.lang === 'ts')?.code ?? '';
    const imported = [...usage.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const name of imported) expect(install).toContain(name);
  });

  it('usage: real console lines, one message in Slack, exit 0 once it is delivered', async () => {
    const usage = snippets.find((s) => s.lang === 'ts' && s.code.includes('logger.end()'));
    const result = await runNode({
      dir: packageDir,
      source: transpileSnippet(usage?.code ?? ''),
      env: { SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
    });
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(plain(result.stdout).split('\n')).toEqual([
      'error: payment failed {"error":{},"orderId":"ord-981"}',
      'warn: disk almost full',
      '',
    ]);
    expect(result.stderr).toBe('');
    const messages = await emu.control.messages('alerts');
    expect(messages).toHaveLength(1);
    const json = JSON.stringify(messages[0]);
    for (const part of [
      '🔴 Error: card processor timeout',
      'payment failed',
      '*Level*\\nerror',
      '*orderId*\\nord-981',
      '```',
    ]) {
      expect(json).toContain(part);
    }
    expect(json).not.toContain('disk almost full');
    expect(json).not.toContain('\\u001b');
  });
});
