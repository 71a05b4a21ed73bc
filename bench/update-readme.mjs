// Writes the latest bench/results.json into README.md between <!-- bench-table --> markers:
// the rows that have a target, the machine and date, so the README always shows the latest run.
// Usage: node bench/update-readme.mjs (after npm run bench).
import { readFileSync, writeFileSync } from 'node:fs';

const rows = JSON.parse(readFileSync('bench/results.json', 'utf8'));
const meta = JSON.parse(readFileSync('bench/results.meta.json', 'utf8'));
const m = meta.machine;
const format = (value) =>
  value === null ? 'not built' : typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(value);
const met = (row) => (row.met === null ? '—' : row.met ? 'yes' : '**no**');
const escape = (text) => String(text).replace(/\|/g, '\\|');
const keyed = rows.filter((row) => row.target && row.target !== '—');
const lines = [
  `Measured ${meta.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, Chromium ${m.chromium}` +
    (meta.loadAverage ? ` (1-minute load average ${JSON.stringify(meta.loadAverage)})` : '') +
    `. Rows with a target; \`bench/results.json\` has all ${rows.length} rows with how each was measured.`,
  '',
  '| figure | value | unit | target | met |',
  '| --- | ---: | --- | --- | --- |',
  ...keyed.map((row) => `| ${escape(row.name)} | ${format(row.value)} | ${escape(row.unit)} | ${escape(row.target)} | ${met(row)} |`),
];
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf('<!-- bench-table -->');
const end = readme.indexOf('<!-- /bench-table -->');
if (start < 0 || end < start) throw new Error('README.md has no <!-- bench-table --> … <!-- /bench-table --> markers');
writeFileSync('README.md', `${readme.slice(0, start)}<!-- bench-table -->\n${lines.join('\n')}\n${readme.slice(end)}`);
console.log(`README.md: ${keyed.length} benchmark rows from ${meta.date}`);
