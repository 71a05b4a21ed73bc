import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { row } from './lib/browser.js';
import type { BenchRow } from './types.js';

const ROOT = resolve(import.meta.dirname, '..');
/** The bundle measured: bench/run.ts's snapshot of cdn/ (safe from concurrent rebuilds), else cdn/. */
const CDN = process.env['FLEX_BENCH_CDN'] || join(ROOT, 'cdn');
const SRC = join(ROOT, 'src');
const KB = 1000;
const COMPRESSION = 'gzip -9 and brotli q11 with node:zlib, 1 KB = 1,000 bytes';

export function gzipSize(data: Uint8Array | string): number {
  return gzipSync(data, { level: 9 }).length;
}

export function brotliSize(data: Uint8Array | string): number {
  return brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
}

/** What a chunk mostly holds, from its source map: the package or source folder with the most code. */
function chunkOrigin(mapFile: string): string | undefined {
  if (!existsSync(mapFile)) return undefined;
  try {
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    const weight = new Map<string, number>();
    map.sources.forEach((source, i) => {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
      const key = pkg ?? source.replace(/^(\.\.\/)+/, '').split('/').slice(0, 3).join('/');
      weight.set(key, (weight.get(key) ?? 0) + (map.sourcesContent?.[i]?.length ?? 1));
    });
    const total = [...weight.values()].reduce((a, b) => a + b, 0);
    const [top, size] = [...weight].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (!top || !size) return undefined;
    return size / total > 0.9 ? top : `mostly ${top}`;
  } catch {
    return undefined;
  }
}

const kb = (bytes: number): number => Math.round((bytes / KB) * 10) / 10;

function fileRows(): BenchRow[] {
  const entry = join(CDN, 'flex-elements.js');
  if (!existsSync(entry)) {
    return [row('size: cdn/flex-elements.js (entry), gzip', null, 'KB', '≤ 60', 'not built: no cdn/flex-elements.js (run npm run build)')];
  }
  const code = readFileSync(entry);
  const rows: BenchRow[] = [
    row(
      'size: cdn/flex-elements.js (entry), gzip',
      kb(gzipSize(code)),
      'KB',
      '≤ 60',
      `everything a page downloads before the first element renders, simulator included (${kb(code.length)} KB raw); ${COMPRESSION}`,
    ),
    row('size: cdn/flex-elements.js (entry), brotli', kb(brotliSize(code)), 'KB', '—', COMPRESSION),
  ];
  const chunkDir = join(CDN, 'chunks');
  const chunks = existsSync(chunkDir) ? readdirSync(chunkDir).filter((f) => f.endsWith('.js')).sort() : [];
  for (const file of chunks) {
    const data = readFileSync(join(chunkDir, file));
    const origin = chunkOrigin(join(chunkDir, `${file}.map`));
    const label = `${file.replace(/-[\w-]{6,}\.js$/, '').replace(/\.js$/, '')}${origin ? ` (${origin})` : ''}`;
    rows.push(
      row(
        `size: on-demand chunk ${label}, gzip / brotli`,
        kb(gzipSize(data)),
        'KB',
        '—',
        `cdn/chunks/${file}, loaded only when needed (${kb(data.length)} KB raw, ${kb(brotliSize(data))} KB brotli); gzip shown`,
      ),
    );
  }
  if (chunks.length === 0) {
    rows.push(row('size: on-demand chunks', 0, 'files', '—', 'cdn/chunks/ is empty: nothing is split off for later loading yet'));
  }
  const global = join(CDN, 'flex-elements.global.js');
  if (existsSync(global)) {
    const data = readFileSync(global);
    rows.push(
      row(
        'size: cdn/flex-elements.global.js (classic script), gzip',
        kb(gzipSize(data)),
        'KB',
        '—',
        `the <script src> build with on-demand chunks inlined (${kb(data.length)} KB raw); ${COMPRESSION}`,
      ),
    );
  }
  return rows;
}

/** Component folders that src/index.ts exports from, with the lines that export them and their tags. */
function componentExports(index: string): Map<string, { lines: string[]; tags: string[] }> {
  const found = new Map<string, { lines: string[]; tags: string[] }>();
  for (const line of index.split('\n')) {
    const match = /from\s+['"]\.\/components\/([\w-]+)\//.exec(line);
    if (!match || /^\s*export\s+type\b/.test(line)) continue;
    const dir = match[1];
    const entry = found.get(dir) ?? { lines: [], tags: [] };
    entry.lines.push(line);
    found.set(dir, entry);
  }
  for (const [dir, entry] of found) {
    const folder = join(SRC, 'components', dir);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(folder, file), 'utf8').matchAll(/defineElement\(\s*['"](flex-[\w-]+)['"]/g)) {
        if (!entry.tags.includes(m[1])) entry.tags.push(m[1]);
      }
    }
  }
  return found;
}

/** Minified ESM entry size (gzip) of src/index.ts as given, with dynamic imports split off. */
async function entryGzip(contents: string): Promise<number> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: { contents, resolveDir: SRC, sourcefile: 'index.ts', loader: 'ts' },
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
  });
  const outputs = result.metafile.outputs;
  const entryPath = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined);
  const file = result.outputFiles.find((f) => entryPath !== undefined && f.path.endsWith(entryPath.replace(/^.*\.bench-out/, '')));
  if (!file) throw new Error('esbuild produced no entry file');
  return gzipSize(file.contents);
}

async function shareRows(): Promise<BenchRow[]> {
  const index = readFileSync(join(SRC, 'index.ts'), 'utf8');
  const components = componentExports(index);
  let full: number;
  try {
    full = await entryGzip(index);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return [row('size: element shares', null, 'KB', '—', `failed: esbuild could not bundle src/index.ts (${message})`)];
  }
  const rows: BenchRow[] = [];
  for (const [dir, { lines, tags }] of components) {
    const without = index
      .split('\n')
      .filter((line) => !lines.includes(line))
      .join('\n');
    const label = tags.length > 0 ? tags.map((t) => `<${t}>`).join(' ') : `components/${dir}`;
    try {
      const share = full - (await entryGzip(without));
      rows.push(
        row(
          `size: share of ${label}, gzip`,
          kb(share),
          'KB',
          '—',
          `entry bundled by esbuild (minified, ${kb(full)} KB gzip in all) minus the same without src/index.ts's exports from components/${dir}/: what dropping it would save`,
        ),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      rows.push(row(`size: share of ${label}, gzip`, null, 'KB', '—', `failed: ${message}`));
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

/** Bundle sizes: the CDN entry, each on-demand chunk, each element's share, and Flex UI for scale. */
export default async function bench(): Promise<BenchRow[]> {
  return [...fileRows(), ...(await shareRows()), ...referenceRows()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.table(await bench());
}
