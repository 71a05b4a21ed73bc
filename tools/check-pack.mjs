// Checks that the npm package references nothing it does not ship (run after `npm run build`):
// - every source of every shipped .map is a shipped file or has its sourcesContent;
// - every `sourceMappingURL` comment of a shipped .js / .d.ts names a shipped file;
// - package.json's entry points (main, module, types, exports, customElements, web-types) and
//   custom-elements.json's module paths are shipped files.
// Prints the package size and file count. Exits 1 with one line per problem.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path/posix';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const [pack] = JSON.parse(
  execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', maxBuffer: 64 << 20 }),
);
const shipped = new Set(pack.files.map((file) => normalize(file.path)));
const problems = [];

/** Resolves `reference` (relative to the shipped file `from`) to a package path, or undefined if outside. */
function resolve(from, reference) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('/')) return undefined;
  const path = normalize(join(dirname(from), reference.split(/[?#]/)[0]));
  return path.startsWith('../') ? undefined : path;
}

for (const file of shipped) {
  if (file.endsWith('.map')) {
    let map;
    try {
      map = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not a readable source map (${error.message})`);
      continue;
    }
    const root = map.sourceRoot ?? '';
    (map.sources ?? []).forEach((source, index) => {
      if (typeof map.sourcesContent?.[index] === 'string') return;
      const path = resolve(file, root ? `${root.replace(/\/?$/, '/')}${source}` : source);
      if (!path || !shipped.has(path)) problems.push(`${file}: source "${source}" is neither shipped nor embedded`);
    });
  } else if (/\.(js|mjs|d\.ts)$/.test(file)) {
    const match = /[#@] sourceMappingURL=(\S+)\s*$/.exec(readFileSync(file, 'utf8'));
    if (match && !match[1].startsWith('data:')) {
      const path = resolve(file, match[1]);
      if (!path || !shipped.has(path)) problems.push(`${file}: sourceMappingURL "${match[1]}" is not shipped`);
    }
  }
}

/** Every string target of package.json's exports (wildcards checked for at least one match). */
function exportTargets(node) {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(exportTargets);
  return [];
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const entries = [pkg.main, pkg.module, pkg.types, pkg.customElements, pkg['web-types'], ...exportTargets(pkg.exports)];
for (const entry of entries.filter(Boolean)) {
  const path = normalize(entry);
  if (path.includes('*')) {
    const [head, tail] = path.split('*');
    if (![...shipped].some((file) => file.startsWith(head) && file.endsWith(tail))) {
      problems.push(`package.json: "${entry}" matches no shipped file`);
    }
  } else if (!shipped.has(path)) {
    problems.push(`package.json: "${entry}" is not shipped`);
  }
}

if (shipped.has('custom-elements.json')) {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const visit = (node) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') {
          if (!shipped.has(normalize(value))) problems.push(`custom-elements.json: ${key} "${value}" is not shipped`);
        } else visit(value);
      }
    }
  };
  visit(manifest.modules);
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
console.log(
  `check-pack: ${pack.filename}: ${mib(pack.size)} packed, ${mib(pack.unpackedSize)} unpacked, ${pack.entryCount} files`,
);
if (problems.length > 0) {
  for (const problem of [...new Set(problems)]) console.error(`check-pack: ${problem}`);
  process.exit(1);
}
console.log('check-pack: every reference in the package resolves');
