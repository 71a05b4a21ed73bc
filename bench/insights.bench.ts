import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { aggregate, dashboardFromSums } from '../src/core/insights/aggregate.js';
import { periodRange } from '../src/core/insights/period.js';
import { InteractionTable } from '../src/core/insights/table.js';
import { DEFAULT_THRESHOLDS, type InteractionRow } from '../src/core/insights/types.js';
import type { ActivityChange } from '../src/core/insights/fold.js';
import { generateHistory } from '../src/backends/simulator/insights-history.js';
import { openInsightsStore } from '../server/insights/store.mjs';
import type { BenchRow } from './types.js';
import { runWhenMain } from './lib/main.js';

const AGENTS = 300;
const QUEUES = 12;
const DAYS = 30;
const CDN = resolve(import.meta.dirname, '..', 'cdn', 'chunks');

/** The events a row stands for: created, then accepted, holds, transfers, wrap-up and completed (or canceled). */
const eventsOf = (r: InteractionRow) => (r.handled ? 4 + (r.holdMs > 0 ? 2 : 0) + r.transfers : 2);

function history(seed: number) {
  const rows: InteractionRow[] = [];
  const activity: ActivityChange[] = [];
  const channels = [['voice', 'chat', 'sms', 'whatsapp'], ['voice', 'chat', 'sms', 'whatsapp', 'email'], ['voice', 'chat', 'email']];
  generateHistory(
    {
      seed,
      days: DAYS,
      end: Date.UTC(2025, 2, 14, 16),
      queues: Array.from({ length: QUEUES }, (_, i) => ({ sid: `WQ${i}`, channels: channels[i % 3] })),
      agents: Array.from({ length: AGENTS }, (_, i) => `WK${i}`),
      customers: Array.from({ length: 500 }, (_, i) => `Customer ${i}`),
    },
    (r) => rows.push(r),
    (c) => activity.push(c),
  );
  return { rows, activity };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Insights at 300 agents × 30 days (about a million raw events): the simulator's first dashboard
 * (generating the past, building the table, aggregating), a filtered dashboard and a search, the
 * same dashboard from SQLite and PostgreSQL (when INSIGHTS_TEST_POSTGRES names one), the chunk's
 * size and the table's memory.
 */
export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const generated = history(7);
  const t1 = performance.now();
  const table = new InteractionTable();
  for (const r of generated.rows) table.append(r);
  for (const c of generated.activity) table.appendActivity(c);
  const t2 = performance.now();
  const end = Date.UTC(2025, 2, 14, 16);
  const period = periodRange('last30', end)!;
  const names = {
    now: end,
    queueNames: new Map(Array.from({ length: QUEUES }, (_, i) => [`WQ${i}`, `Queue ${i}`])),
    agentNames: new Map(Array.from({ length: AGENTS }, (_, i) => [`WK${i}`, `Agent ${i}`])),
  };
  const first = aggregate(table, period, DEFAULT_THRESHOLDS, names);
  const t3 = performance.now();
  const events = generated.rows.reduce((n, r) => n + eventsOf(r), 0) + generated.activity.length;
  globalThis.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const again: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    aggregate(table, { ...period, queueSid: `WQ${i}`, channel: 'voice' }, DEFAULT_THRESHOLDS, names);
    again.push(performance.now() - s);
  }
  rows.push(
    {
      name: 'Insights: first dashboard, 30 days × 300 agents (simulator)',
      value: round(t3 - t0),
      unit: 'ms',
      target: '≤ 500',
      met: t3 - t0 <= 500,
      method: `generate the seeded past (${round(t1 - t0)} ms: ${generated.rows.length.toLocaleString('en')} interactions, ${events.toLocaleString('en')} raw events), build the columnar table (${round(t2 - t1)} ms), aggregate Last 30 days (${round(t3 - t2)} ms; ${first.totals.handled.toLocaleString('en')} handled); Node, no DOM: the element's render adds its template on top`,
    },
    { name: 'Insights: raw events behind the history', value: events, unit: 'events', target: '≈ 1,000,000', met: events >= 800_000, method: 'task lifecycle events each interaction stands for (created, accepted, hold/unhold, transfers, wrap-up, completed or canceled) plus agents’ activity changes' },
    { name: 'Insights: filtered dashboard (queue + channel)', value: round(median(again)), unit: 'ms', target: '≤ 100', met: median(again) <= 100, method: 'median of 5 aggregations over the same table, one queue and voice, Last 30 days' },
    { name: 'Insights: simulator history in memory', value: round(heapMb), unit: 'MB', target: '—', met: null, method: `heap growth after generating and tabling the month${globalThis.gc ? ' (after gc)' : ' (node without --expose-gc: approximate)'}` },
  );
  const s = performance.now();
  let found = 0;
  {
    const search = 'customer 42';
    for (let i = 0; i < table.length; i++) if (table.created[i] >= period.from && table.customers[i].toLowerCase().includes(search)) found++;
  }
  rows.push({ name: 'Insights: conversation search over the month', value: round(performance.now() - s), unit: 'ms', target: '≤ 100', met: performance.now() - s <= 100, method: `substring search of customer names over ${table.length.toLocaleString('en')} interactions (${found} hits)` });

  for (const database of [
    { name: 'SQLite', open: () => openInsightsStore({ sqlite: ':memory:' }) },
    ...(process.env['INSIGHTS_TEST_POSTGRES'] ? [{ name: 'PostgreSQL', open: () => openInsightsStore({ postgres: process.env['INSIGHTS_TEST_POSTGRES']!, reset: true }) }] : []),
  ]) {
    let store;
    try {
      store = await database.open();
    } catch (error) {
      rows.push({ name: `Insights: dashboard query on ${database.name}`, value: null, unit: 'ms', target: '≤ 500', met: null, method: `not run: ${(error as Error).message}` });
      continue;
    }
    try {
      const imported = performance.now();
      const sample = generated.rows.map((r) => ({ ...r, id: `b-${database.name}-${r.id}` }));
      for (let k = 0; k < sample.length; k += 20_000) await store.importRows(sample.slice(k, k + 20_000));
      await store.importActivity(generated.activity);
      const importMs = performance.now() - imported;
      const times: number[] = [];
      let handled = 0;
      for (let i = 0; i < 3; i++) {
        const q = performance.now();
        const sums = await store.dashboardSums(period, DEFAULT_THRESHOLDS);
        handled = dashboardFromSums(period, { ...sums, evaluations: [] }, names).totals.handled;
        times.push(performance.now() - q);
      }
      rows.push({
        name: `Insights: dashboard query on ${database.name}`,
        value: round(median(times)),
        unit: 'ms',
        target: '≤ 500',
        met: median(times) <= 500,
        method: `median of 3: Last 30 days' sums by hour, queue and agent plus activity over ${sample.length.toLocaleString('en')} interactions (${handled.toLocaleString('en')} handled; ${handled === first.totals.handled ? 'equal to' : 'DIFFERENT from'} the simulator's), after a ${round(importMs / 1000)} s import`,
      });
    } finally {
      await store.close();
    }
  }
  if (!process.env['INSIGHTS_TEST_POSTGRES']) {
    rows.push({ name: 'Insights: dashboard query on PostgreSQL', value: null, unit: 'ms', target: '≤ 500', met: null, method: 'not run: set INSIGHTS_TEST_POSTGRES=postgres://… (bash .ci/postgres.sh starts one)' });
  }

  const chunk = existsSync(CDN)
    ? readdirSync(CDN).find((f) => f.endsWith('.js') && readFileSync(join(CDN, f), 'utf8').includes('flex-insights') && readFileSync(join(CDN, f), 'utf8').includes('insights.exportCsv'))
    : undefined;
  const bytes = chunk ? gzipSync(readFileSync(join(CDN, chunk))).length : undefined;
  rows.push({
    name: 'Insights: <flex-insights> chunk (charts included), gzip',
    value: bytes === undefined ? null : round(bytes / 1024),
    unit: 'KB',
    target: '≤ 20',
    met: bytes === undefined ? null : bytes / 1024 <= 20,
    method: chunk ? `cdn/chunks/${chunk}: the element, its SVG charts (Lit templates, no chart library), strings and styles, gzip -9` : 'not measured: cdn/ has not been built',
  });
  return rows;
}

await runWhenMain(import.meta.url, bench);
