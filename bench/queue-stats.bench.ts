import { closeAll, failed, loadAllElements, missingElements, notBuilt, openPage, row } from './lib/browser.js';
import { p50, p95, round } from './lib/stats.js';
import type { BenchRow } from './types.js';
import { runWhenMain } from './lib/main.js';

const QUEUES = 500;
const EVENTS = 80;

const FIGURES = [
  { name: 'queue stats: first render, 500 queues', unit: 'ms', target: '—' },
  { name: 'queue stats: backend event → updated cell, p50', unit: 'ms', target: '—' },
  { name: 'queue stats: backend event → updated cell, p95', unit: 'ms', target: '≤ 16' },
  { name: 'queue stats: backend event → cell painted, p95', unit: 'ms', target: '—' },
  { name: 'queue stats: frames until the cell updates, p95', unit: 'frames', target: '≤ 1' },
];

/**
 * <flex-queue-stats> over 500 queues (traffic off, manual clock): each backend event is a task
 * created in a queue whose row is on screen; a MutationObserver on that row sees the cell change.
 */
export default async function bench(): Promise<BenchRow[]> {
  const { page, close } = await openPage({
    body: `<flex-provider user-role="supervisor" identity="supervisor@example.com" sim-queues="${QUEUES}" sim-traffic="off" sim-clock="manual"></flex-provider>`,
  });
  try {
    const missing = await missingElements(page, ['flex-provider', 'flex-queue-stats']);
    if (missing.length > 0) return notBuilt(FIGURES, missing);
    // Every on-demand chunk now (queue stats' included), so the entry's idle-time prefetch after
    // flex-ready cannot land in a measurement, and first render times rendering, not a fetch.
    await loadAllElements(page);
    const r = await page.evaluate(async (count) => {
      const provider = document.querySelector('flex-provider') as any;
      await __bench.ready(provider);
      await __bench.afterPaint();
      const view = document.createElement('flex-queue-stats');
      view.style.cssText = 'display:block;height:860px';
      const sim = provider.simulator;
      const queues = new Map<string, string>(
        sim.engine.listQueues().map((q: { sid: string; name: string }) => [q.name, q.sid] as [string, string]),
      );
      const visibleRows = (): Map<string, Element> => {
        const rows = new Map<string, Element>();
        for (const el of __bench.deepElements(view.shadowRoot ?? view)) {
          if (!__bench.isDataRow(el)) continue;
          const sid = queues.get(__bench.rowHeaderText(el));
          if (sid) rows.set(sid, el);
        }
        return rows;
      };
      const mountStart = performance.now();
      provider.append(view);
      const mounted = await __bench.untilRendered(() => visibleRows().size > 0, 30_000);
      const firstRender = mounted.at - mountStart;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cell: number[] = [];
      const painted: number[] = [];
      const frameCounts: number[] = [];
      let timeouts = 0;
      let rowCount = 0;
      for (let i = 0; i < count; i++) {
        const rows = [...visibleRows()];
        rowCount = rows.length;
        const [queueSid, rowElement] = rows[i % rows.length];
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 17));
        let frames = 0;
        let seen = false;
        const result = await new Promise<{ cell: number; painted: number; frames: number } | null>((resolve) => {
          let t0 = 0;
          const timer = setTimeout(() => {
            observer.disconnect();
            resolve(null);
          }, 2000);
          const observer = new MutationObserver(() => {
            const changed = performance.now();
            seen = true;
            const at = frames;
            observer.disconnect();
            clearTimeout(timer);
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve({ cell: changed - t0, painted: performance.now() - t0, frames: at });
            channel.port2.postMessage(null);
          });
          observer.observe(rowElement, { subtree: true, childList: true, characterData: true });
          // Counts frames begun since the event; queued before the store's frame callback.
          const countFrame = () => {
            frames++;
            if (!seen) requestAnimationFrame(countFrame);
          };
          requestAnimationFrame(countFrame);
          t0 = performance.now();
          sim.createTask({ channel: 'chat', queueSid });
        });
        if (result) {
          cell.push(result.cell);
          painted.push(result.painted);
          frameCounts.push(result.frames);
        } else {
          timeouts++;
        }
        await __bench.afterPaint();
      }
      return { firstRender, cell, painted, frameCounts, timeouts, rowCount };
    }, EVENTS);
    if (r.cell.length === 0) return failed(FIGURES, new Error(`no queue row changed within 2 s of ${EVENTS} task creations`));
    const method = `${r.cell.length} of ${EVENTS} tasks created by provider.simulator.createTask in queues whose rows are on screen (${r.rowCount} rows rendered), each at a random point of a frame${r.timeouts > 0 ? `, ${r.timeouts} rows did not change within 2 s` : ''}`;
    return [
      row(FIGURES[0].name, round(r.firstRender), 'ms', '—', `appending <flex-queue-stats> (860 px tall, its chunk already loaded) to a connected supervisor provider with ${QUEUES} queues → the painted frame with its first queue rows`),
      row(FIGURES[1].name, round(p50(r.cell)), 'ms', '—', `${method}; → the MutationObserver callback on that row (the DOM changed)`),
      row(FIGURES[2].name, round(p95(r.cell)), 'ms', '≤ 16', `${method}; → the MutationObserver callback on that row; includes waiting up to one vsync, since the store renders once per frame`),
      row(FIGURES[3].name, round(p95(r.painted)), 'ms', '—', `${method}; → a message-channel task after the mutation, i.e. once that frame was painted`),
      row(FIGURES[4].name, p95(r.frameCounts), 'frames', '≤ 1', `${method}; animation frames begun between the event and the mutation (1 = the very next frame)`),
    ];
  } catch (error) {
    return failed(FIGURES, error);
  } finally {
    await close();
  }
}

await runWhenMain(import.meta.url, bench, closeAll);
