import { describe, expect, it } from 'vitest';
import { runConsumer, typecheck } from './package-checks.js';

/** Options of {@link describePackageEntry}. */
export interface PackageEntryOptions {
  /** The package's folder; its consumers are `test-consumers/consumer.cjs`, `.mjs` and `tsconfig.json`. */
  packageDir: string;
  /** What the consumer of each kind prints as its last line (JSON), compared with `toEqual`. */
  expected: (kind: 'cjs' | 'esm') => unknown;
  /** The name of the loading tests (`%s` is the kind). @default 'loads from %s' */
  loadsTitle?: string;
}

/**
 * The built package (dist, through its exports map) as apps consume it: `require()` from CommonJS
 * (Node >= 20.19 loads ES modules that way) and `import` from ESM, each consumer printing what it saw as
 * JSON; and its types from `.cts` and `.mts` files under `module: nodenext` (the consumers'
 * `@ts-expect-error` lines fail the check if the package's types resolved to `any`). Needs the package built.
 */
export function describePackageEntry(options: PackageEntryOptions): void {
  describe('package entry', () => {
    it.each(['cjs', 'esm'] as const)(options.loadsTitle ?? 'loads from %s', async (kind) => {
      const file = `test-consumers/consumer.${kind === 'cjs' ? 'cjs' : 'mjs'}`;
      expect(await runConsumer(options.packageDir, file)).toEqual(options.expected(kind));
    });

    it('type-checks in CommonJS (.cts) and ESM (.mts) consumers with module nodenext', async () => {
      expect(await typecheck('test-consumers/tsconfig.json', options.packageDir)).toBe('');
    }, 180_000);
  });
}
