#!/usr/bin/env node
// Makes sure better-sqlite3's native addon is built, before this package is compiled.
//
// Why here and not at install time: the install runs node-gyp, which downloads Node's headers from
// nodejs.org unless told where local ones are, and package managers differ in how (or whether) they pass
// that setting on. Machines without internet then fail the install. This script builds the addon against
// the headers of the Node.js that runs it when they ship with it (Debian's nodejs, official tarballs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

function loads() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "const D = require('better-sqlite3'); new D(':memory:').close();"],
    { cwd: dirname(require.resolve('better-sqlite3/package.json')), stdio: 'ignore' },
  );
  return probe.status === 0;
}

if (loads()) process.exit(0);

const addonDir = dirname(require.resolve('better-sqlite3/package.json'));
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const prefix = resolve(dirname(process.execPath), '..');
const args = [nodeGyp, 'rebuild', '--release'];
if (existsSync(join(prefix, 'include', 'node', 'node.h'))) args.push(`--nodedir=${prefix}`);

console.log(`building better-sqlite3 for Node ${process.version} (node-gyp ${args.slice(2).join(' ')})`);
const build = spawnSync(process.execPath, args, { cwd: addonDir, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0 || !loads()) {
  console.error('better-sqlite3 could not be built: a C++ toolchain (make, g++, python3) is needed');
  process.exit(1);
}
