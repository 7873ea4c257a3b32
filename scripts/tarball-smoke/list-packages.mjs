// Prints the folder of every publishable workspace package (packages/*, not private), one per line, so a
// new package is packed, checked and installed by the smoke run without being listed anywhere.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? process.cwd();
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const manifest = join(root, 'packages', name, 'package.json');
  if (!existsSync(manifest)) continue;
  if (JSON.parse(readFileSync(manifest, 'utf8')).private === true) continue;
  console.log(join(root, 'packages', name));
}
