// The ES module half of nest-from.cjs: a module.register() resolve hook (Node runs it off-thread).
let nestFrom;
let installedFrom;
let installed = new Set();

export function initialize(data) {
  nestFrom = data.nestFrom;
  installedFrom = data.installedFrom;
  installed = new Set(data.installed.map((name) => `@backend-notifier/${name}`));
}

function redirectedFrom(specifier) {
  if (specifier.startsWith('@nestjs/')) return nestFrom;
  const name = specifier.split('/').slice(0, 2).join('/');
  return installed.has(name) ? installedFrom : undefined;
}

export function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  const ours = parent?.startsWith('file:') && !parent.includes('/node_modules/');
  const parentURL = ours ? redirectedFrom(specifier) : undefined;
  return nextResolve(specifier, parentURL === undefined ? context : { ...context, parentURL });
}
