// Writes a consumer that imports every export of every installed @backend-notifier package, once as ESM
// (esm.mts) and once as CommonJS (cjs.cts, `import x = require()`: TypeScript >= 5.8 with module nodenext
// allows require() of ESM, as Node >= 20.19 does), for `tsc` with skipLibCheck: false.
// Usage: node write-typecheck.mjs <app dir>
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const app = process.argv[2];
const scope = join(app, 'node_modules', '@backend-notifier');
const specifiers = [];
for (const name of readdirSync(scope).sort()) {
  const pkg = JSON.parse(readFileSync(join(scope, name, 'package.json'), 'utf8'));
  for (const subpath of Object.keys(pkg.exports ?? { '.': pkg.main })) {
    if (!subpath.endsWith('.json')) specifiers.push(`${pkg.name}${subpath.slice(1)}`);
  }
}
const esm = specifiers.map((s, i) => `import * as m${i} from '${s}';`);
const cjs = specifiers.map((s, i) => `import m${i} = require('${s}');`);
const use = `export const modules = [${specifiers.map((_, i) => `m${i}`).join(', ')}];\n`;
mkdirSync(join(app, 'types-check'), { recursive: true });
writeFileSync(join(app, 'types-check', 'esm.mts'), `${esm.join('\n')}\n${use}`);
writeFileSync(join(app, 'types-check', 'cjs.cts'), `${cjs.join('\n')}\n${use}`);
console.log(`${specifiers.length} entrypoints: ${specifiers.join(', ')}`);
