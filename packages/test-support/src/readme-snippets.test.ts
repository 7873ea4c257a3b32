import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readmeSnippets, transpileSnippet } from './readme-snippets.js';
import { runNode } from './run-node.js';

it('reads fenced blocks with their language and example marker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snippets-'));
  const file = join(dir, 'README.md');
  writeFileSync(
    file,
    '# x\n\n```sh\nnpm i\n```\n\n<!-- example: examples/a.ts -->\n```ts\nconst a: number = 1;\n```\n',
  );
  expect(readmeSnippets(file)).toEqual([
    { lang: 'sh', code: 'npm i\n', line: 3 },
    { lang: 'ts', code: 'const a: number = 1;\n', example: 'examples/a.ts', line: 8 },
  ]);
});

it('strips types so the snippet runs in a child process, as ESM and as CommonJS', async () => {
  const source = 'const n: number = 2;\nconsole.log(n * 21);\n';
  for (const kind of ['esm', 'cjs'] as const) {
    const run = await runNode({ dir: process.cwd(), kind, source: transpileSnippet(source, kind) });
    expect(run.stdout.trim()).toBe('42');
    expect(run.code).toBe(0);
  }
});
