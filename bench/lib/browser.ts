import { resolve } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { BenchRow } from '../types.js';
import { startServer, type StaticServer } from './server.js';

const IN_PAGE = resolve(import.meta.dirname, 'in-page.js');
const TOOLS = '../../tools/browser.mjs';

interface BrowserTools {
  findBrowser(): string | undefined;
  browserArgs: string[];
}

let browser: Promise<Browser> | undefined;
const pageErrors = new WeakMap<Page, string[]>();
let server: Promise<StaticServer> | undefined;

/** The one headless Chromium of this run (launched on first use, with --expose-gc). */
export function getBrowser(): Promise<Browser> {
  browser ??= (async () => {
    const { findBrowser, browserArgs } = (await import(TOOLS)) as BrowserTools;
    const executablePath = findBrowser();
    if (!executablePath) throw new Error('No Chrome or Chromium found (set CHROME_PATH)');
    return chromium.launch({
      executablePath,
      headless: true,
      args: [
        ...browserArgs,
        '--js-flags=--expose-gc',
        '--disable-background-timer-throttling',
        '--disable-renderer-backgrounding',
        '--disable-backgrounding-occluded-windows',
      ],
    });
  })();
  return browser;
}

/** The static server over the repository root (started on first use); $FLEX_BENCH_CDN replaces cdn/. */
export function getServer(): Promise<StaticServer> {
  server ??= startServer(undefined, process.env['FLEX_BENCH_CDN'] || undefined);
  return server;
}

/** Closes the browser and the server if they were started. */
export async function closeAll(): Promise<void> {
  const b = browser;
  const s = server;
  browser = undefined;
  server = undefined;
  await Promise.allSettled([b?.then((x) => x.close()), s?.then((x) => x.close())]);
}

/** The Chromium version, e.g. "131.0.6778.85" (launches the browser if needed). */
export async function chromiumVersion(): Promise<string> {
  return (await getBrowser()).version();
}

export interface PageOptions {
  /** Markup placed in <body> before the bundle's <script type="module">. */
  body: string;
  /** Classic script run right before the bundle's script tag (after the body markup). */
  before?: string;
  /** Page size; a large one shows more rows in virtualized lists. */
  viewport?: { width: number; height: number };
}

/** A page HTML that loads the built CDN bundle (cdn/flex-elements.js) after `body`. */
export function pageHtml(options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>flex-elements bench</title>
<style>html,body{margin:0;height:100%}body{font-family:system-ui,sans-serif}</style></head>
<body>
${options.body}
<script>${options.before ?? ''}</script>
<script type="module" src="/cdn/flex-elements.js"></script>
</body>
</html>`;
}

export interface BenchPage {
  readonly page: Page;
  readonly cdp: CDPSession;
  close(): Promise<void>;
}

/** Opens `options` in a fresh browser context (no shared cache or storage) and waits for the load event. */
export async function openPage(options: PageOptions): Promise<BenchPage> {
  const [b, s] = await Promise.all([getBrowser(), getServer()]);
  const context = await b.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`${request.url()} failed to load`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.url()}: HTTP ${response.status()}`);
  });
  await page.addInitScript({ path: IN_PAGE });
  await page.goto(s.page(pageHtml(options)), { waitUntil: 'load' });
  const cdp = await context.newCDPSession(page);
  return {
    page,
    cdp,
    close: () => context.close(),
  };
}

/** Where pageHtml() loads the bundle from; importing it again in the page returns the same module. */
const ENTRY_URL = '/cdn/flex-elements.js';
/** How long a lazily loaded element may take to arrive before it counts as missing. */
const LAZY_TIMEOUT_MS = 15_000;

/**
 * The tags in `tags` that the bundle does not define (checked in `page`). The CDN entry defines the
 * agent's first screen at once and loads other elements (teams view, queue stats, chat…) on first
 * sight of their tag: each tag asked for is loaded through the entry's loadElement() first and
 * awaited, so a lazily loaded element is not mistaken for one that is not built.
 */
export async function missingElements(page: Page, tags: readonly string[]): Promise<string[]> {
  const missing = await page.evaluate(
    async ({ list, url, timeout }) => {
      const entry = (await import(url).catch(() => undefined)) as
        | { loadElement?: (tag: string) => Promise<unknown> }
        | undefined;
      if (entry?.loadElement) {
        const load = entry.loadElement;
        await Promise.race([
          Promise.all(list.map((tag) => load(tag))),
          new Promise((resolve) => setTimeout(resolve, timeout)),
        ]);
      }
      return list.filter((tag) => !customElements.get(tag));
    },
    { list: [...tags], url: ENTRY_URL, timeout: LAZY_TIMEOUT_MS },
  );
  const errors = pageErrors.get(page) ?? [];
  // Nothing defined at all and an error: the bundle is broken or absent, which is not "not built".
  if (missing.includes('flex-provider') && errors.length > 0) throw new Error(`the bundle did not load: ${errors[0]}`);
  // A chunk that failed to load is not "not built" either.
  const chunkError = errors.find((error) => error.includes('/cdn/chunks/'));
  if (missing.length > 0 && chunkError) throw new Error(`a chunk did not load: ${chunkError}`);
  return missing;
}

/**
 * Loads every lazily registered element now (the entry's loadAllElements()), so that the idle-time
 * prefetch the entry starts after flex-ready does not land inside a measurement. For benchmarks of
 * rendering and memory, not of start-up.
 */
export async function loadAllElements(page: Page): Promise<void> {
  await page.evaluate(
    async ({ url, timeout }) => {
      const entry = (await import(url).catch(() => undefined)) as { loadAllElements?: () => Promise<unknown> } | undefined;
      if (!entry?.loadAllElements) return;
      await Promise.race([entry.loadAllElements(), new Promise((resolve) => setTimeout(resolve, timeout))]);
    },
    { url: ENTRY_URL, timeout: LAZY_TIMEOUT_MS },
  );
}

/** Rows saying "not built" for every name, in place of numbers that cannot be measured yet. */
export function notBuilt(
  names: readonly { name: string; unit: string; target: string }[],
  missing: readonly string[],
): BenchRow[] {
  const what = missing.map((tag) => `<${tag}>`).join(', ');
  return names.map(({ name, unit, target }) => ({
    name,
    value: null,
    unit,
    target,
    met: null,
    method: `not built: ${what} not defined by cdn/flex-elements.js or its chunks yet`,
  }));
}

/** Rows saying a benchmark failed, with the reason, instead of a number. */
export function failed(
  names: readonly { name: string; unit: string; target: string }[],
  error: unknown,
): BenchRow[] {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return names.map(({ name, unit, target }) => ({
    name,
    value: null,
    unit,
    target,
    met: null,
    method: `failed: ${message}`,
  }));
}

/** JS heap, DOM nodes and listeners after a full garbage collection, through the DevTools protocol. */
export async function heapAfterGc(
  cdp: CDPSession,
): Promise<{ heapUsed: number; nodes: number; listeners: number; documents: number }> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('Performance.enable');
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return {
    heapUsed: get('JSHeapUsedSize'),
    nodes: get('Nodes'),
    listeners: get('JSEventListeners'),
    documents: get('Documents'),
  };
}

/** Checks a value against a target written as "≤ 16" or "≥ 1000"; null when there is no target. */
export function meets(value: number | null, target: string): boolean | null {
  if (value === null || !Number.isFinite(value)) return null;
  const match = /^([≤≥<>])\s*(-?[\d,.]+)/.exec(target.trim());
  if (!match) return null;
  const limit = Number(match[2].replace(/,/g, ''));
  switch (match[1]) {
    case '≤':
      return value <= limit;
    case '≥':
      return value >= limit;
    case '<':
      return value < limit;
    default:
      return value > limit;
  }
}

/** A row whose `met` is computed from its target. */
export function row(name: string, value: number | null, unit: string, target: string, method: string): BenchRow {
  return { name, value, unit, target, met: meets(value, target), method };
}
