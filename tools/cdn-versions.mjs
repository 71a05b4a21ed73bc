// The versioned CDN layout (run by `npm run build` after rollup):
//
//   node tools/cdn-versions.mjs                       cdn/<version>/ (a copy of this build's ES
//                                                     module entry, classic script, chunks and
//                                                     CHANGELOG.md) and cdn/versions.json
//   node tools/cdn-versions.mjs publish <from> <to>   adds the build in folder <from> (laid out as
//                                                     above) to the CDN folder <to>: its version
//                                                     folder, versions.json merged, and its loader
//                                                     as <to>/loader.js when it is a newer one of
//                                                     the same major (a new major's loader stays in
//                                                     its version folder: majors are opted into)
//
// versions.json lists every published version, newest first: `{version, date, major, changelog,
// notes}`, read from CHANGELOG.md's `## <version> — <date>` sections (the `## Unreleased` section is
// this build's version, dated today, until it gets its own heading). Chunks are content-hashed and
// every version has its own folder, so a cache never mixes two versions.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

export function compare(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading) {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * The versions a changelog describes. `version` is this build's: the Unreleased section stands for
 * it until CHANGELOG.md has a section of its own for it.
 */
export function versionsFromChangelog(text, version, today = new Date().toISOString().slice(0, 10)) {
  const sections = [];
  let current;
  for (const line of text.split('\n')) {
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) {
      current = { heading: heading[1], lines: [] };
      sections.push(current);
    } else if (current) current.lines.push(line);
  }
  const entries = [];
  for (const section of sections) {
    const m = /^\[?(\d+\.\d+\.\d+)\]?\s*[—–-]\s*(\d{4}-\d{2}-\d{2})$/.exec(section.heading);
    const unreleased = /^unreleased$/i.test(section.heading);
    if (!m && !unreleased) continue;
    const entryVersion = m ? m[1] : version;
    if (entries.some((e) => e.version === entryVersion)) continue;
    const [, minor, patch] = entryVersion.split('.').map(Number);
    entries.push({
      version: entryVersion,
      date: m ? m[2] : today,
      major: minor === 0 && patch === 0,
      changelog: `${entryVersion}/CHANGELOG.md#${anchor(section.heading)}`,
      notes: section.lines.join('\n').trim(),
    });
  }
  if (!entries.some((e) => e.version === version)) {
    const [, minor, patch] = version.split('.').map(Number);
    entries.push({ version, date: today, major: minor === 0 && patch === 0, changelog: `${version}/CHANGELOG.md`, notes: '' });
  }
  return entries.filter((e) => SEMVER.test(e.version)).sort((a, b) => compare(b.version, a.version));
}

/** Copies this build (cdn/) into cdn/<version>/ and writes cdn/versions.json. */
export function layout(root = '.') {
  const cdn = join(root, 'cdn');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!existsSync(join(cdn, 'flex-elements.js'))) throw new Error(`${cdn}/flex-elements.js is missing: run rollup first`);
  const target = join(cdn, version);
  mkdirSync(target, { recursive: true });
  for (const name of ['flex-elements.js', 'flex-elements.global.js', 'chunks']) {
    if (existsSync(join(cdn, name))) cpSync(join(cdn, name), join(target, name), { recursive: true });
  }
  cpSync(join(root, 'CHANGELOG.md'), join(target, 'CHANGELOG.md'));
  const versions = versionsFromChangelog(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), version);
  for (const name of ['loader.js', 'loader.mjs']) if (existsSync(join(cdn, name))) cpSync(join(cdn, name), join(target, name));
  writeFileSync(join(cdn, 'versions.json'), `${JSON.stringify({ loader: version, versions }, null, 2)}\n`);
  return { version, versions };
}

/** Adds the laid-out build in `from` to the CDN folder `to`. */
export function publish(from, to) {
  const built = JSON.parse(readFileSync(join(from, 'versions.json'), 'utf8')).versions;
  const existing = existsSync(join(to, 'versions.json')) ? JSON.parse(readFileSync(join(to, 'versions.json'), 'utf8')).versions : [];
  const folders = readdirSync(from, { withFileTypes: true }).filter((d) => d.isDirectory() && SEMVER.test(d.name));
  mkdirSync(to, { recursive: true });
  for (const folder of folders) cpSync(join(from, folder.name), join(to, folder.name), { recursive: true });
  const present = new Set([...folders.map((f) => f.name), ...existing.map((e) => e.version)]);
  const merged = new Map(existing.map((e) => [e.version, e]));
  // Only versions whose files are in the CDN folder are listed: the loader never picks a missing one.
  for (const entry of built) if (present.has(entry.version)) merged.set(entry.version, entry);
  const versions = [...merged.values()].sort((a, b) => compare(b.version, a.version));
  // The loader follows its own major: the folder's loader is replaced only by a newer one of the
  // same major, so publishing 2.0.0 never moves 1.x deployments (each version folder has its own).
  const newestHere = folders.map((f) => f.name).sort(compare).at(-1);
  const previous = existsSync(join(to, 'versions.json')) ? JSON.parse(readFileSync(join(to, 'versions.json'), 'utf8')).loader : undefined;
  let loader = previous;
  if (newestHere && existsSync(join(from, 'loader.js'))) {
    const names = ['loader.js', 'loader.mjs'].filter((name) => existsSync(join(from, name)));
    for (const name of names) cpSync(join(from, name), join(to, newestHere, name));
    const sameMajor = previous && previous.split('.')[0] === newestHere.split('.')[0];
    if (!previous || (sameMajor && compare(newestHere, previous) > 0)) {
      for (const name of names) cpSync(join(from, name), join(to, name));
      loader = newestHere;
    }
  }
  writeFileSync(join(to, 'versions.json'), `${JSON.stringify({ loader, versions }, null, 2)}\n`);
  return versions;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, from, to] = process.argv.slice(2);
  if (command === 'publish') {
    if (!from || !to) {
      console.error('usage: node tools/cdn-versions.mjs publish <built cdn folder> <CDN folder>');
      process.exit(2);
    }
    const versions = publish(from, to);
    console.log(`cdn-versions: ${to} has ${versions.map((v) => v.version).join(', ')}`);
  } else {
    const { version, versions } = layout();
    console.log(`cdn-versions: cdn/${version}/ and cdn/versions.json (${versions.length} version${versions.length === 1 ? '' : 's'})`);
  }
}
