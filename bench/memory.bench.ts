import { closeAll, failed, heapAfterGc, loadAllElements, missingElements, notBuilt, openPage, row } from './lib/browser.js';
import { round } from './lib/stats.js';
import { SIMULATOR_LOG_LIMIT } from '../src/backends/simulator/simulation.js';
import type { BenchRow } from './types.js';
import { runWhenMain } from './lib/main.js';

const SHIFT_HOURS = 8;
const STEP_SECONDS = 60;
const WARMUP_MINUTES = 15;
const TAGS = ['flex-provider', 'flex-agent-desktop', 'flex-teams-view', 'flex-queue-stats'];

const FIGURES = [
  { name: 'memory: JS heap after GC, start of shift', unit: 'MB', target: '—' },
  { name: 'memory: JS heap after GC, end of 8-hour shift', unit: 'MB', target: '—' },
  { name: 'memory: JS heap growth over the shift', unit: 'MB', target: '≤ 5' },
  { name: 'memory: DOM node growth over the shift', unit: 'nodes', target: '≤ 0' },
  { name: 'memory: event listener growth over the shift', unit: 'listeners', target: '≤ 0' },
];

const PROVIDER = 'user-role="supervisor" identity="supervisor@example.com" sim-agents="300" sim-queues="20" sim-seed="8" sim-clock="manual"';

const ELEMENTS = `<div style="display:grid;grid-template-columns:1fr 1fr;height:100vh">
    <flex-agent-desktop></flex-agent-desktop>
    <div><flex-teams-view style="display:block;height:50vh"></flex-teams-view><flex-queue-stats style="display:block;height:50vh"></flex-queue-stats></div>
  </div>`;

interface Shift {
  start: Awaited<ReturnType<typeof heapAfterGc>>;
  end: Awaited<ReturnType<typeof heapAfterGc>>;
  domStart: { total: number; per: Record<string, number> };
  domEnd: { total: number; per: Record<string, number> };
  seconds: number;
}

/** Runs the shift on a page holding `inner` inside the provider; undefined when tags are missing. */
async function shift(inner: string, tags: readonly string[]): Promise<Shift | { missing: string[] }> {
  const { page, cdp, close } = await openPage({ body: `<flex-provider ${PROVIDER}>${inner}</flex-provider>` });
  try {
    const missing = await missingElements(page, tags);
    if (missing.length > 0) return { missing };
    // Load every on-demand chunk before the start figure (on both pages alike): the entry would
    // otherwise prefetch them once idle after flex-ready, and their code would count as growth.
    await loadAllElements(page);
    const advance = (minutes: number, step: number) =>
      page.evaluate(
        async ({ minutes, step }) => {
          const sim = (document.querySelector('flex-provider') as any).simulator;
          for (let done = 0; done < minutes * 60; done += step) {
            sim.advance(step * 1000);
            await new Promise((resolve) => requestAnimationFrame(resolve));
          }
          await __bench.afterPaint();
          const per: Record<string, number> = {};
          for (const tag of ['flex-agent-desktop', 'flex-teams-view', 'flex-queue-stats']) {
            const el = document.querySelector(tag);
            if (el) per[tag] = __bench.countNodes(el).nodes + (el.shadowRoot ? __bench.countNodes(el.shadowRoot).nodes : 0);
          }
          return { total: __bench.countNodes(document).nodes, per };
        },
        { minutes, step },
      );
    await page.evaluate(async () => {
      const provider = document.querySelector('flex-provider') as any;
      await __bench.ready(provider);
      await provider.actions.invoke('SetActivity', { activityName: 'Available' }).catch(() => {});
    });
    await advance(WARMUP_MINUTES, STEP_SECONDS);
    const start = await heapAfterGc(cdp);
    const domStart = await advance(0, STEP_SECONDS);
    const started = Date.now();
    const domEnd = await advance(SHIFT_HOURS * 60, STEP_SECONDS);
    const seconds = (Date.now() - started) / 1000;
    const end = await heapAfterGc(cdp);
    return { start, end, domStart, domEnd, seconds };
  } finally {
    await close();
  }
}

/**
 * An agent desktop, a teams view and queue stats on one supervisor page while the simulator (300
 * agents, 20 queues, traffic on) runs an 8-hour shift, one virtual minute per animation frame; then
 * the same shift with the provider alone, to tell the simulator's own growth from the elements'.
 */
export default async function bench(): Promise<BenchRow[]> {
  try {
    const full = await shift(ELEMENTS, TAGS);
    if ('missing' in full) return notBuilt(FIGURES, full.missing);
    const alone = await shift('', ['flex-provider']);
    const mb = (bytes: number): number => bytes / 1e6;
    const growth = full.end.heapUsed - full.start.heapUsed;
    const method = `${SHIFT_HOURS} virtual hours in ${STEP_SECONDS} s steps, one per frame (${full.seconds.toFixed(0)} s real), after ${WARMUP_MINUTES} virtual minutes of warm-up, every on-demand chunk loaded first; CDP HeapProfiler.collectGarbage ×3 then Performance.getMetrics`;
    const rows = [
      row(FIGURES[0].name, round(mb(full.start.heapUsed)), 'MB', '—', `${method} (JSHeapUsedSize; includes the simulator's engine and its event log, capped at the newest ${SIMULATOR_LOG_LIMIT.toLocaleString('en-US')} entries in a browser)`),
      row(FIGURES[1].name, round(mb(full.end.heapUsed)), 'MB', '—', `${method} (JSHeapUsedSize)`),
      row(FIGURES[2].name, round(mb(growth)), 'MB', '≤ 5', `${method}; end minus start, the simulator's own growth included`),
    ];
    if (!('missing' in alone)) {
      const simGrowth = alone.end.heapUsed - alone.start.heapUsed;
      rows.push(
        row('memory: JS heap growth, simulator alone (same shift, no elements)', round(mb(simGrowth)), 'MB', '—', `the same shift and seed on a page with only <flex-provider> (${alone.seconds.toFixed(0)} s real): the engine's tasks, statistics and event log`),
        row('memory: JS heap growth attributable to the elements', round(mb(growth - simGrowth)), 'MB', '≤ 5', 'growth with the three elements minus growth with the provider alone, same seed, same run (the two shifts can diverge slightly: the person accepts nothing, so reservations time out alike)'),
      );
    }
    rows.push(
      row(FIGURES[3].name, full.end.nodes - full.start.nodes, 'nodes', '≤ 0', `${method}; Nodes metric ${full.start.nodes} → ${full.end.nodes} (live DOM incl. shadow roots counted by walking: ${full.domStart.total} → ${full.domEnd.total}; ${Object.keys(full.domEnd.per).map((tag) => `<${tag}> ${full.domStart.per[tag]} → ${full.domEnd.per[tag]}`).join(', ')})`),
      row(FIGURES[4].name, full.end.listeners - full.start.listeners, 'listeners', '≤ 0', `${method}; JSEventListeners metric ${full.start.listeners} → ${full.end.listeners}`),
    );
    return rows;
  } catch (error) {
    return failed(FIGURES, error);
  }
}

await runWhenMain(import.meta.url, bench, closeAll);
