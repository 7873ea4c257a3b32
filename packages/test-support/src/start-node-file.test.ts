import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runNodeFile, startNodeFile } from './start-node-file.js';

const dir = mkdtempSync(join(tmpdir(), 'start-node-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

it('runs a file with arguments, stdin and an environment without the variables unsetEnv names', async () => {
  process.env['H1_SLACK_CANARY'] = 'from-the-runner';
  try {
    const run = await runNodeFile(
      file(
        'echo.mjs',
        `let input = '';
for await (const chunk of process.stdin) input += chunk;
console.log(JSON.stringify({ args: process.argv.slice(2), input, canary: process.env.H1_SLACK_CANARY ?? null, added: process.env.ADDED }));`,
      ),
      { args: ['a', 'b'], input: 'typed', unsetEnv: /^H1_SLACK_/, env: { ADDED: 'yes' }, cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ args: ['a', 'b'], input: 'typed', canary: null, added: 'yes' });
  } finally {
    delete process.env['H1_SLACK_CANARY'];
  }
});

it('gives each stdout line to onLine as it arrives and reports a kill by signal', async () => {
  const child = startNodeFile(
    file('ticks.mjs', `console.log('READY'); setInterval(() => console.log('TICK'), 20);`),
  );
  const seen: string[] = [];
  child.onLine((line) => seen.push(line));
  await child.waitForLine('TICK');
  child.proc.kill('SIGKILL');
  const run = await child.exited;
  expect(run).toMatchObject({ code: null, signal: 'SIGKILL', timedOut: false });
  expect(child.lines()[0]).toBe('READY');
  expect(seen).toContain('TICK');
});

it('kills a process that does not end within timeoutMs and says so', async () => {
  const run = await runNodeFile(file('forever.mjs', 'setInterval(() => {}, 1000);'), { timeoutMs: 300 });
  expect(run).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
});
