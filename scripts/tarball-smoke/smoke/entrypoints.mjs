// Every export of every installed @backend-notifier package loads from ESM (import) and from CommonJS
// (require, Node >= 20.19) with the same named exports. New packages are covered without listing them.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { run } from './lib/emulator.mjs';

const require = createRequire(import.meta.url);
const scope = new URL('../node_modules/@backend-notifier/', import.meta.url);

run('entrypoints (import and require)', async () => {
  const checked = [];
  for (const name of readdirSync(scope).sort()) {
    const pkg = JSON.parse(readFileSync(new URL(`${name}/package.json`, scope), 'utf8'));
    for (const subpath of Object.keys(pkg.exports ?? { '.': pkg.main })) {
      if (subpath.endsWith('.json')) continue;
      const specifier = `${pkg.name}${subpath.slice(1)}`;
      const esm = Object.keys(await import(specifier)).sort();
      const cjs = Object.keys(require(specifier))
        .filter((key) => key !== '__esModule' && key !== 'module.exports')
        .sort();
      if (esm.length === 0) throw new Error(`${specifier} exports nothing`);
      if (esm.join() !== cjs.join())
        throw new Error(`${specifier}: import gives ${esm}, require gives ${cjs}`);
      checked.push(`${specifier} (${esm.length})`);
    }
  }
  return checked.join(', ');
});
