import { closeAll, failed, loadAllElements, missingElements, notBuilt, openPage, row } from './lib/browser.js';
import { p50, p95, p99, round } from './lib/stats.js';
import type { BenchRow } from './types.js';
import { runWhenMain } from './lib/main.js';

const AGENTS = 10_000;
const UPDATES_PER_SECOND = 1000;
const LOAD_MS = 6000;
const IDLE_MS = 2000;

const FIGURES = [
  { name: 'teams view: first render, 10,000 agents', unit: 'ms', target: '—' },
  { name: 'teams view: DOM nodes, 10,000 agents', unit: 'nodes', target: '—' },
  { name: 'teams view: DOM nodes, 100 agents (for comparison)', unit: 'nodes', target: '—' },
  { name: 'teams view: frame time p50, 1,000 updates/s', unit: 'ms', target: '—' },
  { name: 'teams view: frame time p95, 1,000 updates/s', unit: 'ms', target: '≤ 16.7' },
  { name: 'teams view: frame time p99, 1,000 updates/s', unit: 'ms', target: '—' },
  { name: 'teams view: long tasks under load', unit: 'ms/s', target: '—' },
  { name: 'teams view: load generator cost (engine, simulator, store)', unit: 'ms/s', target: '—' },
  { name: 'teams view: frame time p95, same load, no view mounted', unit: 'ms', target: '—' },
  { name: 'teams view: idle frame time p95 (same page, no updates)', unit: 'ms', target: '—' },
];

/**
 * <flex-teams-view> over 10,000 simulated agents (sim-clock="manual", so only our updates move
 * the floor): first render, DOM size, then frame times from rAF deltas and long tasks while the
 * page changes 1,000 agents' activities per second through the simulator's engine.
 */
/** Nodes in a page with a teams view over `agents` agents, once its rows are rendered. */
async function nodesWith(agents: number): Promise<number> {
  const { page, close } = await openPage({
    body: `<flex-provider user-role="supervisor" identity="supervisor@example.com" sim-agents="${agents}" sim-clock="manual"><flex-teams-view style="display:block;height:860px"></flex-teams-view></flex-provider>`,
  });
  try {
    return await page.evaluate(async () => {
      await __bench.ready();
      // <flex-teams-view> is loaded on first sight of its tag (a chunk of its own).
      await customElements.whenDefined('flex-teams-view');
      const view = document.querySelector('flex-teams-view')!;
      await __bench.untilRendered(
        () => [...__bench.deepElements(view.shadowRoot ?? view)].filter((el) => __bench.isDataRow(el)).length > 1,
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await __bench.afterPaint();
      return __bench.countNodes(document).nodes;
    });
  } finally {
    await close();
  }
}

export default async function bench(): Promise<BenchRow[]> {
  let small: number | null = null;
  try {
    small = await nodesWith(100);
  } catch {
    small = null;
  }
  const { page, close } = await openPage({
    body: `<flex-provider user-role="supervisor" identity="supervisor@example.com" sim-agents="${AGENTS}" sim-clock="manual"></flex-provider>`,
  });
  try {
    const missing = await missingElements(page, ['flex-provider', 'flex-teams-view']);
    if (missing.length > 0) return notBuilt(FIGURES, missing);
    // Every on-demand chunk now (teams view's included), so the entry's idle-time prefetch after
    // flex-ready cannot land in the measured frames, and first render times rendering, not a fetch.
    await loadAllElements(page);
    const r = await page.evaluate(
      async ({ rate, loadMs, idleMs }) => {
        const provider = document.querySelector('flex-provider') as any;
        await __bench.ready(provider);
        await __bench.afterPaint();
        const idle = __bench.recordFrames();
        await new Promise((resolve) => setTimeout(resolve, idleMs));
        const idleFrames = idle.stop();

        const sim = provider.simulator;
        const engine = sim.engine;
        const workers: string[] = engine
          .listWorkers()
          .map((w: { sid: string }) => w.sid)
          .filter((sid: string) => sid !== sim.workerSid);
        const activities: string[] = engine.listActivities().map((a: { name: string }) => a.name);
        let seed = 7;
        const random = (n: number): number => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return seed % n;
        };
        // Changes `rate` agents' activities per second for `ms`, recording frames and the time the
        // load itself costs (engine, simulator flush, store reducer: everything before rendering).
        const drive = async (ms: number) => {
          let done = 0;
          let refused = 0;
          let generator = 0;
          const recorder = __bench.recordFrames();
          const start = performance.now();
          const timer = setInterval(() => {
            const t = performance.now();
            const due = Math.floor(((t - start) * rate) / 1000) - done;
            for (let i = 0; i < due; i++) {
              try {
                engine.setWorkerActivity(workers[random(workers.length)], activities[random(activities.length)], {
                  rejectPendingReservations: true,
                });
              } catch {
                refused++;
              }
              done++;
            }
            sim.flush();
            generator += performance.now() - t;
          }, 10);
          await new Promise((resolve) => setTimeout(resolve, ms));
          clearInterval(timer);
          const elapsed = performance.now() - start;
          const frames = recorder.stop();
          return { ...frames, elapsed, perSecond: ((done - refused) * 1000) / elapsed, generator: (generator * 1000) / elapsed };
        };
        // The same load with no view on the page, for comparison, then the view mounted.
        await drive(1000); // warm up the engine, the simulator and the store reducer (JIT); not recorded
        const without = await drive(loadMs / 2);
        await __bench.afterPaint();
        const view = document.createElement('flex-teams-view');
        view.style.cssText = 'display:block;height:860px';
        const mountStart = performance.now();
        provider.append(view);
        const rowsShown = (): number => {
          let rows = 0;
          for (const el of __bench.deepElements(view.shadowRoot ?? view)) {
            if (__bench.isDataRow(el)) rows++;
          }
          return rows;
        };
        const mounted = await __bench.untilRendered(() => rowsShown() > 1, 30_000);
        const firstRender = mounted.at - mountStart;
        await new Promise((resolve) => setTimeout(resolve, 500));
        const nodesBefore = __bench.countNodes(document).nodes;
        const visibleRows = rowsShown();

        const loaded = await drive(loadMs);
        const frames = loaded;
        const elapsed = loaded.elapsed;
        const done = loaded.perSecond;
        await __bench.afterPaint();
        const nodesAfter = __bench.countNodes(document).nodes;
        return {
          firstRender,
          nodesBefore,
          nodesAfter,
          visibleRows,
          idle: idleFrames.deltas,
          deltas: frames.deltas,
          longTasks: frames.longTasks,
          updatesPerSecond: done,
          elapsed,
          generator: loaded.generator,
          hidden: { deltas: without.deltas, generator: without.generator, perSecond: without.perSecond },
          agents: workers.length + 1,
        };
      },
      { rate: UPDATES_PER_SECOND, loadMs: LOAD_MS, idleMs: IDLE_MS },
    );
    const load = `${Math.round(r.updatesPerSecond)} agent activity changes/s achieved (engine.setWorkerActivity on random agents every 10 ms, then simulator.flush) for ${(r.elapsed / 1000).toFixed(1)} s, ${r.deltas.length} frames`;
    const longTaskMs = r.longTasks.reduce((a, b) => a + b, 0);
    return [
      row(FIGURES[0].name, round(r.firstRender), 'ms', '—', `appending <flex-teams-view> (860 px tall, its chunk already loaded) to a connected supervisor provider with ${r.agents} agents → the painted frame with its first agent rows`),
      row(FIGURES[1].name, r.nodesAfter, 'nodes', '—', `every node in the document, shadow roots included, after the load (${r.nodesBefore} before it; ${r.visibleRows} agent rows rendered by the virtualizer)`),
      row(FIGURES[2].name, small, 'nodes', '—', 'the same count on a page with 100 agents: the DOM should not grow with the agent count'),
      row(FIGURES[3].name, round(p50(r.deltas)), 'ms', '—', `requestAnimationFrame deltas; ${load}`),
      row(FIGURES[4].name, round(p95(r.deltas)), 'ms', '≤ 16.7', `requestAnimationFrame deltas; ${load}`),
      row(FIGURES[5].name, round(p99(r.deltas)), 'ms', '—', `requestAnimationFrame deltas; ${load}`),
      row(FIGURES[6].name, round(longTaskMs / (r.elapsed / 1000)), 'ms/s', '—', `sum of PerformanceObserver long-task durations (> 50 ms) per second of load: ${r.longTasks.length} long tasks, longest ${round(Math.max(0, ...r.longTasks))} ms`),
      row(FIGURES[7].name, round(r.generator), 'ms/s', '—', 'main-thread time per second spent in the load itself (setWorkerActivity, simulator.flush and the store reducer that it calls), measured around each 10 ms tick: not rendering'),
      row(FIGURES[8].name, round(p95(r.hidden.deltas)), 'ms', '—', `the same load (${Math.round(r.hidden.perSecond)} changes/s, ${round(r.hidden.generator)} ms/s in the generator) for ${LOAD_MS / 2000} s before <flex-teams-view> was mounted, same page: what the load costs without the view`),
      row(FIGURES[9].name, round(p95(r.idle)), 'ms', '—', `requestAnimationFrame deltas over ${IDLE_MS / 1000} s with no updates and no view, same page: the floor of this headless browser's frame clock`),
    ];
  } catch (error) {
    return failed(FIGURES, error);
  } finally {
    await close();
  }
}

await runWhenMain(import.meta.url, bench, closeAll);
