import { closeAll, failed, missingElements, notBuilt, openPage, row } from './lib/browser.js';
import { p50, p95, round } from './lib/stats.js';
import type { BenchRow } from './types.js';
import { runWhenMain } from './lib/main.js';

const RUNS = 12;

const FIGURES = [
  { name: 'start-up: script start → flex-ready, p50', unit: 'ms', target: '—' },
  { name: 'start-up: script start → flex-ready, p95', unit: 'ms', target: '—' },
  { name: 'start-up: script start → agent desktop first paint, p50', unit: 'ms', target: '—' },
  { name: 'start-up: script start → agent desktop first paint, p95', unit: 'ms', target: '—' },
];

// The clock starts right before the bundle's <script type="module"> tag; the desktop counts as painted
// once its shadow root has content after flex-ready, checked every frame, then that frame is painted.
const BEFORE = `
window.__t0 = performance.now();
window.__desktopPaint = __bench.untilRendered(() => {
  const desktop = document.querySelector('flex-agent-desktop');
  return window.__benchReady && desktop && desktop.shadowRoot && desktop.shadowRoot.childElementCount > 0
    && desktop.hasUpdated;
}, 30000).then((r) => r.at);
`;

interface Run {
  ready: number;
  /** null when <flex-agent-desktop> is not in the bundle. */
  paint: number | null;
  missing: string[];
}

async function once(): Promise<Run> {
  const { page, close } = await openPage({
    body: '<flex-provider identity="agent@example.com"><flex-agent-desktop></flex-agent-desktop></flex-provider>',
    before: BEFORE,
  });
  try {
    const missing = await missingElements(page, ['flex-provider', 'flex-agent-desktop']);
    if (missing.includes('flex-provider')) return { ready: Number.NaN, paint: null, missing };
    const desktop = !missing.includes('flex-agent-desktop');
    const times = await page.evaluate(async (withDesktop) => {
      const w = window as unknown as { __t0: number; __desktopPaint: Promise<number> };
      await __bench.ready();
      const paint = withDesktop ? (await w.__desktopPaint) - w.__t0 : null;
      return { ready: (globalThis.__benchReadyAt ?? Number.NaN) - w.__t0, paint };
    }, desktop);
    return { ...times, missing };
  } finally {
    await close();
  }
}

/** Start-up on the simulator (defaults: 25 agents, 4 queues, traffic on), fresh page each run. */
export default async function bench(): Promise<BenchRow[]> {
  const ready: number[] = [];
  const paint: number[] = [];
  let missing: string[] = [];
  try {
    await once(); // warm the browser process and the OS file cache; not counted
    for (let i = 0; i < RUNS; i++) {
      const result = await once();
      missing = result.missing;
      if (missing.includes('flex-provider')) return notBuilt(FIGURES, missing);
      ready.push(result.ready);
      if (result.paint !== null) paint.push(result.paint);
    }
  } catch (error) {
    return failed(FIGURES, error);
  }
  const method = `${RUNS} loads in fresh browser contexts from 127.0.0.1 (after one unrecorded warm-up): performance.now() from the inline script just before <script type=module src=cdn/flex-elements.js>`;
  const paintMethod = `${method} to the painted frame in which <flex-agent-desktop> first has rendered content after flex-ready (checked every rAF)`;
  return [
    row(FIGURES[0].name, round(p50(ready)), 'ms', '—', `${method} to the provider's flex-ready`),
    row(FIGURES[1].name, round(p95(ready)), 'ms', '—', `${method} to the provider's flex-ready`),
    ...(paint.length === 0
      ? notBuilt(FIGURES.slice(2), missing)
      : [
          row(FIGURES[2].name, round(p50(paint)), 'ms', '—', paintMethod),
          row(FIGURES[3].name, round(p95(paint)), 'ms', '—', paintMethod),
        ]),
  ];
}

await runWhenMain(import.meta.url, bench, closeAll);
