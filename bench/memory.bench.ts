import { fileURLToPath } from 'node:url';
import { closeAll, failed, heapAfterGc, missingElements, notBuilt, openPage, row } from './lib/browser.js';
import { round } from './lib/stats.js';
import type { BenchRow } from './types.js';

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

/**
 * An agent desktop, a teams view and queue stats on one supervisor page while the simulator (300
 * agents, 20 queues, traffic on) runs an 8-hour shift, one virtual minute per animation frame.
 */
export default async function bench(): Promise<BenchRow[]> {
  const { page, cdp, close } = await openPage({
    body: `<flex-provider user-role="supervisor" identity="supervisor@example.com" sim-agents="300" sim-queues="20" sim-clock="manual">
  <div style="display:grid;grid-template-columns:1fr 1fr;height:100vh">
    <flex-agent-desktop></flex-agent-desktop>
    <div><flex-teams-view style="display:block;height:50vh"></flex-teams-view><flex-queue-stats style="display:block;height:50vh"></flex-queue-stats></div>
  </div>
</flex-provider>`,
  });
  try {
    const missing = await missingElements(page, TAGS);
    if (missing.length > 0) return notBuilt(FIGURES, missing);
    const advance = (minutes: number, step: number) =>
      page.evaluate(
        async ({ minutes, step }) => {
          const sim = (document.querySelector('flex-provider') as any).simulator;
          for (let done = 0; done < minutes * 60; done += step) {
            sim.advance(step * 1000);
            await new Promise((resolve) => requestAnimationFrame(resolve));
          }
          await __bench.afterPaint();
          return __bench.countNodes(document).nodes;
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
    const mb = (bytes: number): number => bytes / 1e6;
    const method = `${SHIFT_HOURS} virtual hours in ${STEP_SECONDS} s steps, one per frame (${seconds.toFixed(0)} s real), after ${WARMUP_MINUTES} virtual minutes of warm-up; CDP HeapProfiler.collectGarbage ×3 then Performance.getMetrics`;
    return [
      row(FIGURES[0].name, round(mb(start.heapUsed)), 'MB', '—', `${method} (JSHeapUsedSize; includes the simulator's engine and its event log, capped at 200,000 entries)`),
      row(FIGURES[1].name, round(mb(end.heapUsed)), 'MB', '—', `${method} (JSHeapUsedSize)`),
      row(FIGURES[2].name, round(mb(end.heapUsed - start.heapUsed)), 'MB', '≤ 5', `${method}; end minus start, the simulator's own growth included`),
      row(FIGURES[3].name, end.nodes - start.nodes, 'nodes', '≤ 0', `${method}; Nodes metric ${start.nodes} → ${end.nodes} (live DOM incl. shadow roots counted by walking: ${domStart} → ${domEnd})`),
      row(FIGURES[4].name, end.listeners - start.listeners, 'listeners', '≤ 0', `${method}; JSEventListeners metric ${start.listeners} → ${end.listeners}`),
    ];
  } catch (error) {
    return failed(FIGURES, error);
  } finally {
    await close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.table(await bench());
  } finally {
    await closeAll();
  }
}
