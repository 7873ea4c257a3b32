// Preloaded (`node --require`, through NODE_OPTIONS) into every child process of the Nest 11 run. What the
// app's own code (anything outside node_modules: our packages' dist, the example's dist, the tests' scripts)
// imports or requires resolves as in an app that installed Nest 11 and our packages:
// - `@nestjs/<name>` from NEST_FROM (this package, whose devDependencies are Nest 11);
// - `@backend-notifier/<name>` from NEST_FROM/.installed when global-setup.ts put a copy there
//   (nest-module: a real folder, so the imports of its built files resolve to Nest 11 by their place).
// Nest's own files (inside node_modules) are left alone: pnpm links each of them to the Nest 11 copies it
// was installed with, so the two majors never mix (the version tests check both sides).
'use strict';
const Module = require('node:module');
const { existsSync, readdirSync } = require('node:fs');
const { join, sep } = require('node:path');
const { pathToFileURL } = require('node:url');

const from = process.env.NEST_FROM;
if (!from) throw new Error('nest-from.cjs: NEST_FROM is not set');
const installed = join(from, '.installed');

/** The folder a bare request of the app's code resolves from, or undefined to leave it alone. */
function redirectedFrom(request) {
  if (request.startsWith('@nestjs/')) return from;
  if (!request.startsWith('@backend-notifier/')) return undefined;
  const name = request.split('/').slice(0, 2).join('/');
  return existsSync(join(installed, 'node_modules', name, 'package.json')) ? installed : undefined;
}
const ours = (file) => typeof file === 'string' && !file.split(sep).includes('node_modules');

// CommonJS: require() from a .cjs app (and the ES modules it requires are then found at their new place).
const parents = new Map();
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const dir = ours(parent?.filename) ? redirectedFrom(request) : undefined;
  if (dir === undefined) return resolveFilename.call(this, request, parent, ...rest);
  if (!parents.has(dir)) {
    const file = join(dir, 'index.js');
    parents.set(dir, { id: file, filename: file, paths: Module._nodeModulePaths(dir) });
  }
  return resolveFilename.call(this, request, parents.get(dir), ...rest);
};

// ES modules: import from an ESM app (module.register hooks; see nest-from-hooks.mjs).
Module.register('./nest-from-hooks.mjs', pathToFileURL(__filename), {
  data: {
    nestFrom: pathToFileURL(join(from, 'index.js')).href,
    installedFrom: pathToFileURL(join(installed, 'index.js')).href,
    installed: existsSync(join(installed, 'node_modules', '@backend-notifier'))
      ? readdirSync(join(installed, 'node_modules', '@backend-notifier'))
      : [],
  },
});
