import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const source = join(here, '..', '..', 'packages', 'nest-module');
/** Where nest-from.cjs resolves `@backend-notifier/nest-module` from in the child processes. */
const target = join(here, '.installed', 'node_modules', '@backend-notifier', 'nest-module');
const done = Symbol.for('nest11-compat: nest-module installed');

/**
 * Installs the built nest-module as an app that has Nest 11 gets it: a real folder (not a workspace link)
 * under this package, so that Node resolves the `@nestjs/*` imports of its files to this package's Nest 11
 * copies by itself. A CommonJS app's `require()` of the package (an ES module) goes through no resolve hook
 * on Node 20, so no redirect could reach the imports of the built files; their place does. Both projects of
 * this config list this setup; the copy is made once per run.
 */
export default function setup(): void {
  const state = globalThis as { [done]?: true };
  if (state[done]) return;
  if (!existsSync(join(source, 'dist', 'index.js'))) throw new Error('build nest-module first (pnpm build)');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(join(source, 'package.json'), join(target, 'package.json'));
  cpSync(join(source, 'dist'), join(target, 'dist'), { recursive: true });
  state[done] = true;
}
