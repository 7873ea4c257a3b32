/**
 * The README as a user reads it: its TypeScript blocks are the files of `examples/`, embedded verbatim and
 * type-checked; each runs as written (types stripped) in its own child Node process that nothing else keeps
 * alive, against an emulator in another process (`SLACK_API_URL` is the one thing a user would not set). The
 * install line names every package the examples import. Runs the built package (`pnpm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EmulatorProcess,
  readmeSnippets,
  runNode,
  startEmulatorProcess,
  transpileSnippet,
  typecheck,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const snippets = readmeSnippets(join(packageDir, 'README.md'));
const EXAMPLES = ['examples/worker.ts', 'examples/destination.ts'];
const example = (file: string) => readFileSync(join(packageDir, file), 'utf8');

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'pino-readme' });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.reset();
});

function run(file: string) {
  return runNode({
    dir: packageDir,
    source: transpileSnippet(example(file)),
    env: { SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
  });
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('README', () => {
  it('every TypeScript block is an example file, embedded verbatim; the other block is the install line', () => {
    const ts = snippets.filter((s) => s.lang === 'ts');
    expect(ts.map((s) => s.example)).toEqual(EXAMPLES);
    for (const s of ts) expect(s.code).toBe(example(s.example ?? ''));
    const other = snippets.filter((s) => s.lang !== 'ts');
    expect(other.map((s) => s.lang)).toEqual(['sh']);
    const install = other[0]?.code ?? '';
    const imported = new Set(ts.flatMap((s) => [...s.code.matchAll(/from '([^']+)'/g)].map((m) => m[1])));
    // The worker's target is a package too, named in a string rather than imported.
    imported.add('@backend-notifier/pino-transport');
    for (const name of imported) expect(install).toContain(` ${name}`);
  });

  it('the examples type-check with tsc', async () => {
    expect(await typecheck(join(packageDir, 'examples', 'tsconfig.json'))).toBe('');
  }, 120_000);

  it('worker: both lines on stdout (email redacted by pino), the error in Slack, exit 0 by itself', async () => {
    const result = await run('examples/worker.ts');
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const out = lines(result.stdout);
    expect(out.map((l) => [l['level'], l['msg']])).toEqual([
      [50, 'payment failed'],
      [40, 'disk almost full'],
    ]);
    expect(out[0]?.['user']).toEqual({ id: 7, email: '[Redacted]' });
    const messages = await emu.control.messages('alerts');
    expect(messages).toHaveLength(1);
    const json = JSON.stringify(messages[0]);
    for (const part of [
      '🔴 Error: card processor timeout',
      'payment failed',
      '```',
      '*Level*\\nerror',
      '*orderId*\\nord-981',
      '[Redacted]',
    ]) {
      expect(json).toContain(part);
    }
    for (const absent of ['a@example.com', 'disk almost full']) expect(json).not.toContain(absent);
  });

  it("destination: the app's lines and the notifier's own on stdout, the error in Slack once, exit 0", async () => {
    const result = await run('examples/destination.ts');
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const out = lines(result.stdout);
    expect(out.map((l) => [l['level'], l['msg'], l['source']])).toEqual([
      [50, 'payment failed', undefined],
      [30, 'Created Slack channel #alerts', 'backend-notifier'],
      [30, 'Slack destination closed', undefined],
    ]);
    const messages = await emu.control.messages('alerts');
    expect(messages).toHaveLength(1);
    const json = JSON.stringify(messages[0]);
    for (const part of ['🔴 Error: card processor timeout', 'payment failed', '*orderId*\\nord-981']) {
      expect(json).toContain(part);
    }
    expect(json).not.toContain('Created Slack channel');
  });
});
