import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { closeAll, openPage, row } from './lib/browser.js';
import type { BenchRow } from './types.js';
import { runWhenMain } from './lib/main.js';

const ROOT = resolve(import.meta.dirname, '..');
/** The bundle measured: bench/run.ts's snapshot of cdn/ (safe from concurrent rebuilds), else cdn/. */
const CDN = process.env['FLEX_BENCH_CDN'] || join(ROOT, 'cdn');
const SRC = join(ROOT, 'src');
const KB = 1000;
const COMPRESSION = 'gzip -9 and brotli q11 with node:zlib, 1 KB = 1,000 bytes';
const ENTRY_TARGET = '≤ 60';

export function gzipSize(data: Uint8Array | string): number {
  return gzipSync(data, { level: 9 }).length;
}

export function brotliSize(data: Uint8Array | string): number {
  return brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
}

const kb = (bytes: number): number => Math.round((bytes / KB) * 10) / 10;
const errorText = (error: unknown): string => (error instanceof Error ? error.message.split('\n')[0] : String(error));
const tagList = (tags: readonly string[]): string => tags.map((tag) => `<${tag}>`).join(', ');

// ---------------------------------------------------------------------------------------------
// The rollup build: the entry and its chunks, each named by what its source map says it carries.

interface Chunk {
  /** File name in cdn/chunks/. */
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
  /** Elements the chunk defines (defineElement calls in its sources). */
  readonly tags: string[];
  /** What it carries, for people: "<flex-chat>", "es-MX locale", "libphonenumber-js"… */
  readonly label: string;
  /** Its sources, shortened: "src/components/chat/chat", "libphonenumber-js"… */
  readonly contents: string[];
  /** Chunk files it imports statically (they load with it) and dynamically (later, on use). */
  readonly statics: string[];
  readonly dynamics: string[];
  /** Only backend="twilio" ever loads it (rollup.config.mjs names those chunks twilio-*). */
  readonly twilio: boolean;
}

interface MapSources {
  sources: string[];
  sourcesContent?: (string | null)[];
  mappings?: string;
}

function readMap(file: string): MapSources | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as MapSources;
  } catch {
    return undefined;
  }
}

/** The npm package of a source path, or undefined for the project's own code. */
const packageOf = (source: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];

/** "../../dist/components/chat/chat.js" → "src/components/chat/chat". */
const ownPath = (source: string): string =>
  source
    .replace(/^(\.\.\/)+/, '')
    .replace(/^dist\//, 'src/')
    .replace(/\.js$/, '');

/** The source text of one map entry: sourcesContent, else the project's own .ts file. */
function sourceText(map: MapSources, i: number): string {
  const inline = map.sourcesContent?.[i];
  if (typeof inline === 'string') return inline;
  const own = join(ROOT, `${ownPath(map.sources[i])}.ts`);
  return !packageOf(map.sources[i]) && existsSync(own) ? readFileSync(own, 'utf8') : '';
}

/** Relative chunk imports of `code`: static `from"./x.js"` / `import"./x.js"`, and `import("./x.js")`. */
function chunkImports(code: string): { statics: string[]; dynamics: string[] } {
  const statics = new Set<string>();
  const dynamics = new Set<string>();
  for (const m of code.matchAll(/\b(?:from|import)\s*(\()?\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    const file = basename(m[2]);
    if (m[2].includes('flex-elements.js')) continue;
    (m[1] ? dynamics : statics).add(file);
  }
  return { statics: [...statics], dynamics: [...dynamics] };
}

function describeChunk(file: string, code: Buffer): Chunk {
  const map = readMap(join(CDN, 'chunks', `${file}.map`));
  const tags: string[] = [];
  const weight = new Map<string, number>();
  let locale: string | undefined;
  map?.sources.forEach((source, i) => {
    const text = sourceText(map, i);
    for (const m of text.matchAll(/defineElement\(\s*['"](flex-[\w-]+)['"]/g)) if (!tags.includes(m[1])) tags.push(m[1]);
    locale ??= /\/locales\/([\w-]+)\.js$/.exec(source)?.[1];
    const key = packageOf(source) ?? ownPath(source);
    weight.set(key, (weight.get(key) ?? 0) + Math.max(1, text.length));
  });
  const contents = [...weight].sort((a, b) => b[1] - a[1]).map(([key]) => key);
  const own = contents.filter((key) => key.startsWith('src/'));
  const packages = contents.filter((key) => !key.startsWith('src/'));
  // Rollup names a chunk after its main module (twilio-browser-…js: …/builds/browser.js): that
  // module's package leads the label.
  const stem = file.replace(/^twilio-/, '').replace(/-[\w-]{6,}\.js$/, '');
  // Several packages may have a module of that name (builds/browser.js): the heaviest of them.
  const named = (map?.sources ?? [])
    .filter((source) => basename(source).replace(/\.[cm]?js$/, '') === stem)
    .map((source) => packageOf(source))
    .filter((pkg): pkg is string => pkg !== undefined);
  const main = named.sort((x, y) => (weight.get(y) ?? 0) - (weight.get(x) ?? 0))[0];
  if (main) packages.sort((a, b) => Number(b === main) - Number(a === main));
  const few = (list: string[], n = 3): string => list.slice(0, n).join(', ') + (list.length > n ? ` +${list.length - n} more` : '');
  let label: string;
  if (tags.length > 0) label = tagList(tags);
  else if (locale) label = `${locale} locale`;
  else if (!map || contents.length === 0) label = file.replace(/-[\w-]{6,}\.js$/, '');
  else if (own.length > 0) {
    const folders = new Set(own.map((key) => key.slice(0, key.lastIndexOf('/'))));
    const names = own.map((key) => key.slice(key.lastIndexOf('/') + 1));
    const mine = folders.size === 1 ? `${[...folders][0]}/ (${few(names)})` : few(own.map((key) => key.replace(/^src\//, '')));
    label = packages.length > 0 ? `${mine} + ${few(packages, 2)}` : mine;
  } else if (packages.length === 1 && map.sources.length === 1) {
    // One module of one package (lit's live directive, a virtualizer layout): name the module.
    label = map.sources[0].replace(/^.*node_modules\//, '').replace(/\/(?:development\/|node\/)?/, '/').replace(/\.js$/, '');
  } else label = few(packages);
  return {
    file,
    raw: code.length,
    gzip: gzipSize(code),
    brotli: brotliSize(code),
    tags,
    label,
    contents,
    ...chunkImports(code.toString('utf8')),
    twilio: file.startsWith('twilio-'),
  };
}

function readChunks(): Chunk[] {
  const dir = join(CDN, 'chunks');
  if (!existsSync(dir)) return [];
  const chunks = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => describeChunk(file, readFileSync(join(dir, file))));
  // Two chunks that carry alike (say, two lit directives) keep distinct row names: add the file.
  const count = new Map<string, number>();
  for (const c of chunks) count.set(c.label, (count.get(c.label) ?? 0) + 1);
  return chunks.map((c) => ((count.get(c.label) ?? 0) > 1 ? { ...c, label: `${c.label} [${c.file.replace(/-[\w-]{6,}\.js$/, '')}]` } : c));
}

/** `file` and every chunk it imports statically, transitively (what arrives together). */
function staticClosure(file: string, byFile: Map<string, Chunk>, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const dep of byFile.get(file)?.statics ?? []) staticClosure(dep, byFile, seen);
  return seen;
}

function entryRows(): BenchRow[] {
  const entry = join(CDN, 'flex-elements.js');
  const code = readFileSync(entry);
  return [
    row(
      'size: cdn/flex-elements.js (entry), gzip',
      kb(gzipSize(code)),
      'KB',
      ENTRY_TARGET,
      `the ES module entry: the provider and the agent's first screen (the backend is a chunk loaded on connect), everything a page must download before the first element renders (${kb(code.length)} KB raw); ${COMPRESSION}`,
    ),
    row('size: cdn/flex-elements.js (entry), brotli', kb(brotliSize(code)), 'KB', '—', COMPRESSION),
  ];
}

function chunkRows(chunks: readonly Chunk[]): BenchRow[] {
  if (chunks.length === 0) return [row('size: on-demand chunks', 0, 'files', '—', 'cdn/chunks/ is empty: nothing is split off for later loading')];
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const entryCode = readFileSync(join(CDN, 'flex-elements.js'), 'utf8');
  const fromEntry = new Set(chunkImports(entryCode).dynamics);
  const importers = (file: string, kind: 'statics' | 'dynamics'): string[] =>
    chunks.filter((c) => c[kind].includes(file)).map((c) => c.label);
  return chunks.map((chunk) => {
    const how: string[] = [];
    if (chunk.tags.length > 0 && fromEntry.has(chunk.file)) how.push(`loaded by the entry on first sight of ${tagList(chunk.tags)}`);
    else if (fromEntry.has(chunk.file) && /locale$/.test(chunk.label)) how.push('loaded by the entry when its language is chosen');
    else if (fromEntry.has(chunk.file)) how.push('loaded by the entry on demand');
    const withThem = importers(chunk.file, 'statics');
    if (withThem.length > 0) how.push(`loaded with ${withThem.join(' and ')}`);
    const byThem = importers(chunk.file, 'dynamics');
    if (byThem.length > 0) how.push(`loaded by ${byThem.join(' and ')} on use`);
    if (chunk.twilio) how.push('only for backend="twilio"');
    const deps = chunk.statics.map((f) => `${byFile.get(f)?.label ?? f} (${f})`);
    const carries = chunk.contents.slice(0, 6).join(', ') + (chunk.contents.length > 6 ? `, +${chunk.contents.length - 6} more` : '');
    return row(
      `size: chunk ${chunk.label}, gzip`,
      kb(chunk.gzip),
      'KB',
      '—',
      `cdn/chunks/${chunk.file} (${kb(chunk.raw)} KB raw, ${kb(chunk.brotli)} KB brotli), named from its source map: ${carries}; ${how.join('; ') || 'not imported by any file'}${deps.length > 0 ? `; needs ${deps.join(', ')}` : ''}; ${COMPRESSION}`,
    );
  });
}

function totalRows(chunks: readonly Chunk[]): BenchRow[] {
  const entry = gzipSize(readFileSync(join(CDN, 'flex-elements.js')));
  const app = chunks.filter((c) => !c.twilio);
  const twilio = chunks.filter((c) => c.twilio);
  const sum = (list: readonly Chunk[]): number => list.reduce((total, c) => total + c.gzip, 0);
  const rows = [
    row(
      'size: entry + every chunk but the Twilio ones, gzip',
      kb(entry + sum(app)),
      'KB',
      '—',
      `cdn/flex-elements.js and ${app.length} chunks, each gzipped on its own as served: every element, locale and on-demand library, i.e. everything the classic-script build carries (it leaves the Twilio backend out); ${COMPRESSION}`,
    ),
    row(
      'size: entry + every chunk, Twilio backend and SDKs included, gzip',
      kb(entry + sum(chunks)),
      'KB',
      '—',
      `the above plus ${twilio.length} twilio-* chunks (${kb(sum(twilio))} KB gzip: the Twilio backend, Voice SDK, TaskRouter SDK, Conversations SDK), each gzipped on its own`,
    ),
  ];
  const global = join(CDN, 'flex-elements.global.js');
  if (existsSync(global)) {
    const data = readFileSync(global);
    rows.push(
      row(
        'size: cdn/flex-elements.global.js (classic script), gzip',
        kb(gzipSize(data)),
        'KB',
        '—',
        `the <script src> build: one file with every element and locale inlined, no Twilio backend (${kb(data.length)} KB raw, ${kb(brotliSize(data))} KB brotli); ${COMPRESSION}`,
      ),
    );
  }
  return rows;
}

/**
 * The agent's first screen by backend, from the build's chunk graph: the entry carries the provider
 * and the agent's first screen; the backend's code is a chunk the provider loads when it connects.
 */
function backendRows(chunks: readonly Chunk[]): BenchRow[] {
  const entry = gzipSize(readFileSync(join(CDN, 'flex-elements.js')));
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const closure = (roots: readonly Chunk[]): Chunk[] => {
    const seen = new Set<string>();
    for (const root of roots) staticClosure(root.file, byFile, seen);
    return [...seen].map((file) => byFile.get(file)).filter((c): c is Chunk => c !== undefined);
  };
  const sum = (list: readonly Chunk[]): number => list.reduce((total, c) => total + c.gzip, 0);
  const files = (list: readonly Chunk[]): string => list.map((c) => `${c.file} ${kb(c.gzip)}`).join(', ') || 'none';
  const simulator = closure(chunks.filter((c) => c.file.startsWith('simulator-')));
  const twilio = closure(chunks.filter((c) => c.twilio));
  return [
    row(
      "size: agent's first screen on backend=\"simulator\" (entry + simulator chunk), gzip",
      kb(entry + sum(simulator)),
      'KB',
      '—',
      `cdn/flex-elements.js ${kb(entry)} + what the provider loads when it connects with backend="simulator" (the simulator and its engine, fetched from the provider's connectedCallback, in parallel with the config and locale): ${files(simulator)}${simulator.length === 0 ? ' (the simulator is in the entry)' : ''}; ${COMPRESSION}`,
    ),
    row(
      "size: agent's first screen on backend=\"twilio\" (entry + Twilio chunks), gzip",
      kb(entry + sum(twilio)),
      'KB',
      '—',
      `cdn/flex-elements.js ${kb(entry)} + the twilio-* chunks backend="twilio" loads on connect (the Twilio backend and the TaskRouter, Voice, Conversations and Sync SDKs) and the chunks they import statically: ${files(twilio)}; bytes only, not the SDKs' own network traffic (tokens, websockets); ${COMPRESSION}`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// What an agent-desktop page downloads before its first paint, measured in headless Chromium.

const FIRST_PAINT_RUNS = 3;
/** Time after the first paint during which later downloads (the idle prefetch) are listed too. */
const AFTER_PAINT_MS = 4000;

// Same clock and "painted" rule as bench/startup.bench.ts: the desktop counts as painted once its
// shadow root has content after flex-ready, checked every frame, then that frame is painted.
const PAINT_PROBE = `
window.__desktopPaint = __bench.untilRendered(() => {
  const desktop = document.querySelector('flex-agent-desktop');
  return window.__benchReady && desktop && desktop.shadowRoot && desktop.shadowRoot.childElementCount > 0
    && desktop.hasUpdated;
}, 30000).then((r) => r.at);
`;

interface Download {
  path: string;
  end: number;
}

async function loadOnce(): Promise<{ paint: number; scripts: Download[] }> {
  const { page, close } = await openPage({
    body: '<flex-provider identity="agent@example.com"><flex-agent-desktop></flex-agent-desktop></flex-provider>',
    before: PAINT_PROBE,
  });
  try {
    return await page.evaluate(async (wait) => {
      const paint = await (window as unknown as { __desktopPaint: Promise<number> }).__desktopPaint;
      await new Promise((done) => setTimeout(done, wait));
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .map((entry) => ({ path: new URL(entry.name).pathname, end: entry.responseEnd }))
        .filter((entry) => entry.path.endsWith('.js'));
      return { paint, scripts };
    }, AFTER_PAINT_MS);
  } finally {
    await close();
  }
}

/** gzip size of a script the page fetched, computed here from the file the server sent. */
function servedGzip(path: string): number | undefined {
  if (!path.startsWith('/cdn/')) return undefined;
  const file = join(CDN, decodeURIComponent(path.slice('/cdn/'.length)));
  return existsSync(file) ? gzipSize(readFileSync(file)) : undefined;
}

async function firstPaintRows(): Promise<BenchRow[]> {
  const name = 'size: agent-desktop page, scripts downloaded before its first paint, gzip';
  try {
    const runs: { before: string[]; after: string[] }[] = [];
    for (let i = 0; i < FIRST_PAINT_RUNS; i++) {
      const { paint, scripts } = await loadOnce();
      runs.push({
        before: scripts.filter((s) => s.end <= paint).map((s) => s.path),
        after: scripts.filter((s) => s.end > paint).map((s) => s.path),
      });
    }
    const sizeOf = (paths: readonly string[]): number => paths.reduce((sum, p) => sum + (servedGzip(p) ?? 0), 0);
    // The largest of the runs: a download that only sometimes finishes before the paint still counts.
    const worst = runs.reduce((a, b) => (sizeOf(b.before) > sizeOf(a.before) ? b : a));
    const unknown = worst.before.filter((p) => servedGzip(p) === undefined);
    const differ = new Set(runs.map((r) => [...r.before].sort().join())).size > 1;
    const files = (paths: readonly string[]): string =>
      paths.length === 0 ? 'none' : paths.map((p) => `${p.replace(/^\/cdn\//, '')} ${kb(servedGzip(p) ?? 0)}`).join(', ');
    return [
      row(
        name,
        kb(sizeOf(worst.before)),
        'KB',
        ENTRY_TARGET,
        `<flex-provider identity=…><flex-agent-desktop> on the simulator loaded from the built cdn/ in headless Chromium, ${FIRST_PAINT_RUNS} fresh loads (largest shown${differ ? '; the runs differed' : ', all alike'}): every .js resource-timing entry whose responseEnd came before the painted frame in which the desktop first shows content after flex-ready (as in the start-up row), gzip -9 of each file computed here: ${files(worst.before)}${unknown.length > 0 ? ` (not from cdn/, not counted: ${unknown.join(', ')})` : ''}; fetched within ${AFTER_PAINT_MS / 1000} s after the paint (the idle prefetch): ${worst.after.length} files, ${kb(sizeOf(worst.after))} KB gzip`,
      ),
    ];
  } catch (error) {
    return [row(name, null, 'KB', ENTRY_TARGET, `failed: ${errorText(error)}`)];
  }
}

// ---------------------------------------------------------------------------------------------
// Each element's share: its chunk for the lazily loaded ones; an esbuild estimate for the rest.

/** Component folders src/api.ts (what the CDN entry carries up front) exports, with their tags. */
function eagerComponents(api: string): Map<string, { lines: string[]; tags: string[] }> {
  const found = new Map<string, { lines: string[]; tags: string[] }>();
  for (const line of api.split('\n')) {
    const match = /from\s+['"]\.\/components\/([\w-]+)\//.exec(line);
    if (!match || /^\s*export\s+type\b/.test(line)) continue;
    const entry = found.get(match[1]) ?? { lines: [], tags: [] };
    entry.lines.push(line);
    found.set(match[1], entry);
  }
  for (const [dir, entry] of found) {
    const folder = join(SRC, 'components', dir);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(folder, file), 'utf8').matchAll(/defineElement\(\s*['"](flex-[\w-]+)['"]/g)) {
        if (!entry.tags.includes(m[1])) entry.tags.push(m[1]);
      }
    }
  }
  return found;
}

type Esbuild = typeof import('esbuild');

/**
 * gzip of the CDN entry as esbuild bundles src/cdn.ts (minified, dynamic imports split off) with
 * src/api.ts's text replaced by `api`: the entry file plus the shared chunks it imports statically.
 */
async function cdnEntryGzip(esbuild: Esbuild, api: string): Promise<number> {
  const result = await esbuild.build({
    entryPoints: [join(SRC, 'cdn.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    tsconfig: join(ROOT, 'tsconfig.json'),
    outdir: join(ROOT, '.bench-out'),
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      {
        name: 'bench-api-without',
        setup(build) {
          build.onLoad({ filter: /[\\/]src[\\/]api\.ts$/ }, () => ({ contents: api, loader: 'ts', resolveDir: SRC }));
          // package.json's "sideEffects" names dist/ files, so esbuild would take every src/ module for
          // side-effect free and drop `import './wrapup.js'`-style registrations: src/ keeps its effects.
          build.onResolve({ filter: /^\.\.?\// }, (args) => {
            if (!args.importer.startsWith(SRC + sep)) return undefined;
            let path = resolve(dirname(args.importer), args.path);
            if (path.endsWith('.js') && existsSync(`${path.slice(0, -3)}.ts`)) path = `${path.slice(0, -3)}.ts`;
            return existsSync(path) ? { path, sideEffects: true } : undefined;
          });
        },
      },
    ],
  });
  const outputs = result.metafile.outputs;
  // Every dynamic import is an entry point of its own for esbuild: pick src/cdn.ts's output.
  const entryPath = Object.keys(outputs).find((path) => /(^|[\\/])src[\\/]cdn\.ts$/.test(outputs[path].entryPoint ?? ''));
  if (!entryPath) throw new Error('esbuild produced no entry file');
  const closure = new Set<string>();
  const visit = (path: string): void => {
    if (closure.has(path)) return;
    closure.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entryPath);
  let total = 0;
  for (const path of closure) {
    const file = result.outputFiles.find((f) => f.path.endsWith(path.replace(/^.*\.bench-out/, '')));
    if (file) total += gzipSize(file.contents);
  }
  return total;
}

function lazyShareRows(chunks: readonly Chunk[]): BenchRow[] {
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const rows: BenchRow[] = [];
  for (const chunk of chunks.filter((c) => c.tags.length > 0)) {
    const together = [...staticClosure(chunk.file, byFile)].filter((f) => f !== chunk.file);
    const shared = together.reduce((sum, f) => sum + (byFile.get(f)?.gzip ?? 0), 0);
    const later = chunk.dynamics.map((f) => `${byFile.get(f)?.label ?? f} ${kb(byFile.get(f)?.gzip ?? 0)} KB`);
    rows.push(
      row(
        `size: share of ${tagList(chunk.tags)}, gzip`,
        kb(chunk.gzip + shared),
        'KB',
        '—',
        `method: its on-demand chunk in the rollup build, what the first ${tagList(chunk.tags)} on a page downloads: cdn/chunks/${chunk.file} ${kb(chunk.gzip)} KB${together.length > 0 ? ` + chunks it imports (loaded with it): ${together.map((f) => `${byFile.get(f)?.label ?? f} ${kb(byFile.get(f)?.gzip ?? 0)} KB`).join(', ')}` : ''}${later.length > 0 ? `; loaded later, on use: ${later.join(', ')}` : ''}; the code it takes from the entry is counted in the entry`,
      ),
    );
  }
  return rows;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The generated code of `codeFile` split by the source each character maps to (source map v3
 * mappings, VLQ-decoded): source index → that code, concatenated. Unmapped code goes to -1.
 */
function codeBySource(code: string, mappings: string): Map<number, string> {
  const parts = new Map<number, string[]>();
  const add = (source: number, text: string): void => {
    if (!text) return;
    const list = parts.get(source) ?? [];
    list.push(text);
    parts.set(source, list);
  };
  const lines = code.split('\n');
  let source = 0;
  const mapLines = mappings.split(';');
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    const segments: [number, number][] = [];
    let column = 0;
    for (const segment of (mapLines[l] ?? '').split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length >= 4) {
        source += values[1];
        segments.push([column, source]);
      } else segments.push([column, -1]);
      // values[2], values[3] (source line/column) and values[4] (name) are relative too, unused here.
    }
    add(-1, line.slice(0, segments[0]?.[0] ?? line.length));
    segments.forEach(([start, src], i) => add(src, line.slice(start, segments[i + 1]?.[0] ?? line.length)));
  }
  return new Map([...parts].map(([key, list]) => [key, list.join('')]));
}

interface EntryPart {
  raw: number;
  gzip: number;
}

/** The entry's minified code attributed through cdn/flex-elements.js.map to the groups `groupOf` names. */
function entryParts(groupOf: (source: string) => string | undefined): Map<string, EntryPart> | undefined {
  const map = readMap(join(CDN, 'flex-elements.js.map'));
  if (!map?.mappings) return undefined;
  const bySource = codeBySource(readFileSync(join(CDN, 'flex-elements.js'), 'utf8'), map.mappings);
  const grouped = new Map<string, string[]>();
  for (const [index, text] of bySource) {
    const group = index >= 0 ? groupOf(map.sources[index]) : undefined;
    if (!group) continue;
    grouped.set(group, [...(grouped.get(group) ?? []), text]);
  }
  return new Map([...grouped].map(([group, texts]) => {
    const text = texts.join('');
    return [group, { raw: text.length, gzip: gzipSize(text) }];
  }));
}

/** Which part of the entry a source belongs to, for the entry breakdown rows. */
function entryGroup(source: string): string {
  const path = source.replace(/^(\.\.\/)+/, '');
  if (/node_modules\/(lit|lit-html|lit-element|@lit\/[^/]+|@lit-labs\/[^/]+)\//.test(path)) return 'Lit and @lit/context';
  if (/node_modules\//.test(path)) return 'other npm packages';
  if (/^dist\/(backends\/simulator|engine)\//.test(path)) return 'the simulator and its routing engine';
  if (/^dist\/components\//.test(path)) return 'elements';
  return 'core: store, actions, config, strings, plugins, controllers, styles';
}

async function eagerShareRows(): Promise<BenchRow[]> {
  const api = readFileSync(join(SRC, 'api.ts'), 'utf8');
  const components = [...eagerComponents(api)].filter(([, { tags }]) => tags.length > 0);
  const firstScreen = components.filter(([, { tags }]) => !tags.includes('flex-provider') && !tags.includes('flex-plugin-slot'));
  const firstScreenName = `size: share of the agent's first screen (${firstScreen.length} elements), gzip`;
  const esbuildName = "size: saved by dropping the agent's first screen from the entry (esbuild estimate), gzip";
  const rows: BenchRow[] = [];

  // What dropping an export from the entry would save, by esbuild (absent: the rows say so).
  const saved = new Map<string, number>();
  let esbuildNote: string;
  let esbuildRow: BenchRow;
  try {
    const esbuild = await import('esbuild');
    const full = await cdnEntryGzip(esbuild, api);
    const without = (lines: readonly string[]): string =>
      api
        .split('\n')
        .filter((line) => !lines.includes(line))
        .join('\n');
    for (const [dir, { lines }] of components) saved.set(dir, full - (await cdnEntryGzip(esbuild, without(lines))));
    const all = full - (await cdnEntryGzip(esbuild, without(firstScreen.flatMap(([, { lines }]) => lines))));
    esbuildNote = `src/cdn.ts bundled by esbuild (minified; ${kb(full)} KB gzip for its entry and the shared chunks it imports) minus the same without src/api.ts's exports from that folder`;
    esbuildRow = row(
      esbuildName,
      kb(all),
      'KB',
      '—',
      `method: esbuild estimate: ${esbuildNote.replace('that folder', firstScreen.map(([dir]) => `components/${dir}/`).join(', '))}; less than their share, since elements loaded later reuse some of their code`,
    );
  } catch (error) {
    esbuildNote = `failed: ${errorText(error)}`;
    esbuildRow = row(esbuildName, null, 'KB', '—', `failed: esbuild is not available or could not bundle src/cdn.ts (it comes with tsx): ${errorText(error)}`);
  }

  const eagerDirs = new Set(components.map(([dir]) => dir));
  const parts = entryParts((source) => {
    const dir = /dist\/components\/([\w-]+)\//.exec(source)?.[1];
    return dir && eagerDirs.has(dir) ? dir : undefined;
  });
  const groups = entryParts(entryGroup);
  for (const [dir, { tags }] of components) {
    const name = `size: share of ${tagList(tags)}, gzip`;
    const part = parts?.get(dir);
    const esbuildPart = saved.has(dir)
      ? `esbuild estimate of what dropping its export from src/api.ts would save: ${kb(saved.get(dir) ?? 0)} KB (near 0 when other entry elements import it; see the esbuild row)`
      : `esbuild estimate ${esbuildNote}`;
    rows.push(
      part
        ? row(
            name,
            kb(part.gzip),
            'KB',
            '—',
            `method: source-map attribution, since it is in the entry: the minified code of cdn/flex-elements.js that its source map maps to components/${dir}/ (${kb(part.raw)} KB raw), gzipped on its own (so shares add up to more than the entry); ${esbuildPart}`,
          )
        : row(name, null, 'KB', '—', `failed: cdn/flex-elements.js.map is missing or maps nothing to components/${dir}/; ${esbuildPart}`),
    );
  }
  const screenParts = firstScreen.map(([dir]) => parts?.get(dir)).filter((p): p is EntryPart => p !== undefined);
  rows.push(
    row(
      firstScreenName,
      screenParts.length === firstScreen.length ? kb(screenParts.reduce((sum, p) => sum + p.gzip, 0)) : null,
      'KB',
      '—',
      `method: source-map attribution, the sum of the ${firstScreen.length} rows above for ${tagList(firstScreen.flatMap(([, { tags }]) => tags))}`,
    ),
    esbuildRow,
  );
  if (groups) {
    const order = [...groups].sort((a, b) => b[1].gzip - a[1].gzip);
    for (const [group, part] of order) {
      rows.push(
        row(
          `size: entry breakdown, ${group}, gzip`,
          kb(part.gzip),
          'KB',
          '—',
          `method: source-map attribution: the minified code of cdn/flex-elements.js that its source map maps to ${group} (${kb(part.raw)} KB raw), gzipped on its own; the parts add up to more than the entry, which compresses as one`,
        ),
      );
    }
  }
  return rows;
}

function referenceRows(): BenchRow[] {
  const method = 'reference figure, not measured here (../shared/reference/flex-ui-facts.md)';
  return [
    row('reference: Flex UI 2.17 main bundle (twilio-flex.prod.js), gzip', 1932, 'KB', '—', `${method}; 8.0 MB raw, still requires React 17 and 239 externals`),
    row('reference: a whole Flex UI app, gzip', 4437, 'KB', '—', `${method}; 18.1 MB raw, 2.94 MB brotli, 309 packages`),
    row('reference: amazon-connect-streams 2.28.2, gzip', 190, 'KB', '—', `${method}; the panel itself is an iframe, not counted`),
  ];
}

/**
 * Bundle sizes: the CDN entry, what an agent-desktop page downloads before its first paint, each
 * on-demand chunk, the totals, each element's share, and Flex UI for scale.
 */
export default async function bench(): Promise<BenchRow[]> {
  if (!existsSync(join(CDN, 'flex-elements.js'))) {
    return [
      row('size: cdn/flex-elements.js (entry), gzip', null, 'KB', ENTRY_TARGET, 'not built: no cdn/flex-elements.js (run npm run build)'),
      ...referenceRows(),
    ];
  }
  const chunks = readChunks();
  return [
    ...entryRows(),
    ...(await firstPaintRows()),
    ...backendRows(chunks),
    ...chunkRows(chunks),
    ...totalRows(chunks),
    ...lazyShareRows(chunks),
    ...(await eagerShareRows()),
    ...referenceRows(),
  ];
}

await runWhenMain(import.meta.url, bench, closeAll);
