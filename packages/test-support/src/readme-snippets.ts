import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** One fenced code block of a README. */
export interface ReadmeSnippet {
  /** The fence's language tag (`ts`, `js`, `sh`...), '' when none. */
  lang: string;
  code: string;
  /** The file named by an `<!-- example: path -->` comment right above the fence, if any. */
  example?: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** Every fenced code block of a Markdown file, in order. */
export function readmeSnippets(readmePath: string): ReadmeSnippet[] {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const snippets: ReadmeSnippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    const marker = /^<!-- example: (.+?) -->$/.exec(lines[start - 1] ?? '');
    snippets.push({
      lang: open[1] ?? '',
      code: `${body.join('\n')}\n`,
      ...(marker?.[1] ? { example: marker[1] } : {}),
      line: start + 1,
    });
  }
  return snippets;
}

/**
 * Strips the types of a TypeScript snippet, as a user's build would, into JavaScript for a child process:
 * `esm` keeps `import`/top-level `await`, `cjs` turns imports into `require` (top-level await is then not
 * allowed, as in a real CommonJS file).
 */
export function transpileSnippet(source: string, kind: 'esm' | 'cjs' = 'esm'): string {
  return ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: kind === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: false,
    },
  }).outputText;
}
