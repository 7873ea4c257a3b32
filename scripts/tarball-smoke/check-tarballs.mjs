// What a registry user gets, checked on the packed tarballs (publint and attw cover the exports and types):
// the LICENSE, the metadata npm shows, dependency ranges, source maps and README links.
// Usage: node check-tarballs.mjs <repo root> <unpack dir> <tarball>...; exits 1 on any problem.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, normalize, relative } from 'node:path';

const [root, unpackRoot, ...tarballs] = process.argv.slice(2);
const REPO = 'https://github.com/backend-notifier/backend-notifier';
const license = readFileSync(join(root, 'LICENSE'));
let failed = false;

/** Every file below `dir`, as paths relative to it. */
function walk(dir, prefix = '') {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = join(prefix, name);
    return statSync(join(dir, rel)).isDirectory() ? walk(dir, rel) : [rel];
  });
}

function checkManifest(pkg, problems) {
  if (pkg.license !== 'MIT') problems.push(`license is ${JSON.stringify(pkg.license)}, not "MIT"`);
  const dir = pkg.repository?.directory;
  if (pkg.repository?.url !== `git+${REPO}.git` || !dir?.startsWith('packages/')) {
    problems.push(`repository should be { url: "git+${REPO}.git", directory: "packages/…" }`);
  }
  if (!pkg.homepage?.startsWith(`${REPO}/`)) problems.push('homepage missing');
  if (pkg.bugs?.url !== `${REPO}/issues`) problems.push('bugs.url missing');
  const ranges = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      ranges.push(`${name} ${spec}`);
      if (spec.startsWith('workspace:')) problems.push(`${field}.${name} is still ${spec}`);
      // An exact pin makes a second copy for any user who has a newer one.
      else if (/^\d/.test(spec)) problems.push(`${field}.${name} is pinned to exactly ${spec}; use a range`);
      else if (name.startsWith('@backend-notifier/') && !spec.startsWith('^')) {
        problems.push(`${field}.${name} is ${spec}, expected a caret range`);
      }
    }
  }
  return ranges;
}

/** Source maps must ship what they point to; a `sourceMappingURL` must name a shipped map. */
function checkMaps(dir, files, problems) {
  const shipped = new Set(files);
  let maps = 0;
  for (const file of files) {
    if (file.endsWith('.tsbuildinfo')) problems.push(`${file} is shipped (build state, not for users)`);
    if (file.endsWith('.map')) {
      maps++;
      const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      (map.sources ?? []).forEach((source, i) => {
        if (map.sourcesContent?.[i] != null) return;
        const target = normalize(join(dirname(file), map.sourceRoot ?? '', source));
        if (!shipped.has(target)) problems.push(`${file} points to ${source}, which is not in the tarball`);
      });
    }
    if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
      if (url && !url.startsWith('data:') && !shipped.has(normalize(join(dirname(file), url)))) {
        problems.push(`${file} names the source map ${url}, which is not in the tarball`);
      }
    }
  }
  return maps;
}

/** Relative links of the README must lead to files inside the tarball (the repository is not there). */
function checkReadme(dir, files, problems) {
  if (!files.includes('README.md')) {
    problems.push('no README.md');
    return 0;
  }
  const text = readFileSync(join(dir, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
  let relativeLinks = 0;
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^(https?:|mailto:|#)/.test(target)) continue;
    relativeLinks++;
    const path = normalize(target.replace(/#.*$/, ''));
    if (path.startsWith('..') || !existsSync(join(dir, path))) {
      problems.push(`README links to ${target}, which is not in the tarball`);
    }
  }
  return relativeLinks;
}

for (const tarball of tarballs) {
  const dir = join(unpackRoot, basename(tarball, '.tgz'));
  mkdirSync(dir, { recursive: true });
  const untar = spawnSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1']);
  if (untar.status !== 0) throw new Error(`tar xzf ${tarball}: ${untar.stderr}`);
  const files = walk(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const problems = [];
  if (!files.includes('LICENSE')) problems.push('no LICENSE');
  else if (!readFileSync(join(dir, 'LICENSE')).equals(license))
    problems.push('LICENSE differs from the root LICENSE');
  const ranges = checkManifest(pkg, problems);
  const maps = checkMaps(dir, files, problems);
  const links = checkReadme(dir, files, problems);
  for (const bin of Object.values(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}))) {
    const file = relative('.', normalize(bin));
    if (!files.includes(file)) problems.push(`bin ${bin} is not in the tarball`);
    else if (!readFileSync(join(dir, file), 'utf8').startsWith('#!/usr/bin/env node')) {
      problems.push(`bin ${bin} has no #!/usr/bin/env node line`);
    }
  }
  if (problems.length > 0) {
    failed = true;
    console.log(`FAIL ${pkg.name}@${pkg.version} (${basename(tarball)}):`);
    for (const problem of problems) console.log(`  - ${problem}`);
  } else {
    console.log(
      `ok   ${pkg.name}@${pkg.version}: ${files.length} files, LICENSE (MIT), repository/homepage/bugs, ` +
        `${maps} source maps, ${links} relative README links; ranges: ${ranges.join(', ') || 'none'}`,
    );
  }
}
process.exit(failed ? 1 : 0);
