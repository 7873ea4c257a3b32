/**
 * The repository README's opening snippet, as written, in a child process that nothing else keeps alive,
 * against an emulator in another process: the script notifies and just ends, so what delivers the message
 * is the notifier's exit handling. Exit code 0, the process ends by itself, Slack holds exactly the message.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  readmeSnippets,
  runNode,
  startEmulatorProcess,
  transpileSnippet,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(demoDir, '..', '..', 'README.md');
let emu: EmulatorProcess;

beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'root-readme' });
});
afterAll(async () => {
  await emu?.close();
});

it.each(['esm', 'cjs'] as const)(
  'the opening snippet delivers its message and ends by itself (%s)',
  async (kind) => {
    const snippet = readmeSnippets(readme).find((s) => s.lang === 'ts');
    expect(snippet?.code).toContain('createNotifier');
    await emu.control.reset();
    const run = await runNode({
      dir: demoDir,
      kind,
      source: transpileSnippet(snippet?.code ?? '', kind),
      env: { SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
      timeoutMs: 20_000,
    });
    expect(run.timedOut, run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    const texts = JSON.stringify((await emu.control.messages('alerts')).map((m) => [m.text, m.blocks]));
    expect(texts).toContain('Payment provider is slow');
    expect(await emu.control.messages('alerts')).toHaveLength(1);
  },
);
