// `npm run bench`: builds the CDN bundle if it is missing or stale, runs every bench/*.bench.ts (or
// the ones named on the command line), prints one table and writes bench/results.json.
//
//   npm run bench                       everything
//   npm run bench -- size teams-view    only bench/size.bench.ts and bench/teams-view.bench.ts (printed;
//                                       results.json is left alone unless --write is given)
//   npm run bench -- --build            rebuild first even when cdn/ looks fresh
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromiumVersion, closeAll } from './lib/browser.js';
import type { BenchRow, Benchmark } from './types.js';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH = join(ROOT, 'bench');
const ENTRY = join(ROOT, 'cdn', 'flex-elements.js');
/** Print order; files not listed run afterwards, alphabetically. */
const ORDER = ['size', 'startup', 'agent-desktop', 'teams-view', 'queue-stats', 'insights', 'engine', 'memory'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether bench/results.json and results.meta.json are written (a full run, or --write). */
let writeResults = true;

/** Whether the bundle had to be rebuilt from type-incorrect sources (said in results.json). */
let buildNote = 'cdn/ was up to date';

function run(command: string, args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function buildIfNeeded(force: boolean): void {
  const stale = !existsSync(ENTRY) || statSync(ENTRY).mtimeMs < newestMtime(join(ROOT, 'src'));
  if (!force && !stale) return;
  console.error(force ? 'bench: building (--build)…' : 'bench: cdn/ is missing or older than src/, building…');
  // `npm run build` empties cdn/ first: keep the last good bundle to put back if nothing builds.
  const backup = existsSync(ENTRY) ? mkdtempSync(join(tmpdir(), 'flex-bench-cdn-')) : undefined;
  if (backup) cpSync(join(ROOT, 'cdn'), backup, { recursive: true });
  try {
    const build = run('npm', ['run', 'build']);
    if (build.ok) {
      buildNote = 'built by npm run build';
      return;
    }
    const errors = build.output.split('\n').filter((l) => /error/i.test(l));
    console.error(`bench: npm run build failed (${errors.length} error lines, first: ${errors[0]?.trim() ?? '?'}).`);
    // tsc still emits JavaScript when other engineers' work in progress has type errors: bundle that.
    if (existsSync(join(ROOT, 'dist', 'index.js'))) {
      const bundle = run('npx', ['rollup', '-c', 'rollup.config.mjs']);
      if (bundle.ok) {
        buildNote = 'tsc reported type errors; rollup bundled its emitted JavaScript anyway';
        console.error(`bench: ${buildNote}.`);
        return;
      }
      console.error(`bench: rollup failed too: ${bundle.output.split('\n').find((l) => l.trim()) ?? ''}`);
    }
    if (backup) {
      rmSync(join(ROOT, 'cdn'), { recursive: true, force: true });
      cpSync(backup, join(ROOT, 'cdn'), { recursive: true });
      buildNote = 'the build failed; measured the previous cdn/ bundle';
    } else {
      buildNote = 'the build failed and there was no earlier bundle';
    }
    console.error(`bench: ${buildNote}.`);
  } finally {
    if (backup) rmSync(backup, { recursive: true, force: true });
  }
}

function benchFiles(names: readonly string[]): string[] {
  const all = readdirSync(BENCH)
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.slice(0, -'.bench.ts'.length));
  const rank = (name: string): number => {
    const i = ORDER.indexOf(name);
    return i === -1 ? ORDER.length : i;
  };
  all.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (names.length === 0) return all;
  const unknown = names.filter((name) => !all.includes(name.replace(/\.bench\.ts$/, '')));
  if (unknown.length > 0) {
    console.error(`bench: no such benchmark: ${unknown.join(', ')} (have: ${all.join(', ')})`);
    process.exit(2);
  }
  return all.filter((name) => names.some((n) => n.replace(/\.bench\.ts$/, '') === name));
}

function formatValue(row: BenchRow): string {
  if (row.value === null) {
    if (row.method.startsWith('not built')) return 'not built';
    if (row.method.startsWith('failed')) return 'failed';
    return '—';
  }
  const abs = Math.abs(row.value);
  const digits = abs >= 100 || Number.isInteger(row.value) ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return row.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function formatMet(row: BenchRow): string {
  return row.met === null ? '—' : row.met ? 'yes' : 'NO';
}

function printTable(rows: readonly BenchRow[]): void {
  const header = ['figure', 'value', 'unit', 'target', 'met', 'how it was measured'];
  const cells = rows.map((row) => [row.name, formatValue(row), row.unit, row.target, formatMet(row), row.method]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 5 ? 0 : c[i].length))));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (i === 5 ? v : i === 1 ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join(' | ');
  console.log(line(header));
  console.log(widths.map((w, i) => (i === 5 ? '-'.repeat(19) : '-'.repeat(w))).join('-|-'));
  for (const c of cells) console.log(line(c));
}

async function machine(): Promise<Record<string, string | number>> {
  const cpu = cpus();
  let chromium = 'unavailable';
  try {
    chromium = await chromiumVersion();
  } catch (error) {
    chromium = `unavailable (${error instanceof Error ? error.message : String(error)})`;
  }
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--build');
  const names = benchFiles(args.filter((a) => !a.startsWith('--')));
  // A run of some benchmarks only prints its table unless told to --write: results.json keeps the
  // rows of the last full run rather than a few rows from whoever ran one benchmark last.
  writeResults = names.length === benchFiles([]).length || args.includes('--write');
  buildIfNeeded(force);
  // Measure one fixed copy of the bundle, even if someone rebuilds cdn/ while this runs.
  const snapshot = mkdtempSync(join(tmpdir(), 'flex-bench-snapshot-'));
  if (existsSync(ENTRY)) cpSync(join(ROOT, 'cdn'), snapshot, { recursive: true });
  process.env['FLEX_BENCH_CDN'] = snapshot;
  try {
    await runAll(names);
  } finally {
    rmSync(snapshot, { recursive: true, force: true });
  }
}

async function runAll(names: readonly string[]): Promise<void> {
  const started = performance.now();
  // The 1-minute load average before and after: timings from a busy shared machine say so.
  const loadBefore = loadavg()[0];
  const rows: BenchRow[] = [];
  for (const name of names) {
    const t0 = performance.now();
    process.stderr.write(`bench: ${name}… `);
    try {
      const module = (await import(pathToFileURL(join(BENCH, `${name}.bench.ts`)).href)) as { default: Benchmark };
      rows.push(...(await module.default()));
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      rows.push({ name: `${name} benchmark`, value: null, unit: '', target: '—', met: null, method: `failed: ${message}` });
    }
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const load = { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 };
  const header = { date: new Date().toISOString(), machine: await machine(), loadAverage1m: load, build: buildNote };
  await closeAll();
  const m = header.machine;
  console.log(
    `\nflex-elements benchmarks, ${header.date.slice(0, 10)}: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, Chromium ${m.chromium}; 1-minute load average ${load.before} before, ${load.after} after\n`,
  );
  printTable(rows);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (!writeResults) {
    console.log(`\n${rows.length} figures in ${seconds} s; a partial run: bench/results.json left as it was (add --write to replace it with these rows)`);
    return;
  }
  console.log(`\n${rows.length} figures in ${seconds} s; written to bench/results.json (machine and date: bench/results.meta.json)`);
  // The rows themselves, as the issue specifies: an array of {name, value, unit, target, met, method}.
  writeFileSync(join(BENCH, 'results.json'), JSON.stringify(rows, null, 2) + '\n');
  writeFileSync(join(BENCH, 'results.meta.json'), JSON.stringify(header, null, 2) + '\n');
}

try {
  await main();
} finally {
  await closeAll();
}
