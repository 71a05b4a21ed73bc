// In-page helpers for the benchmarks, installed before any page script runs (page.addInitScript).
// Plain JavaScript on purpose: it is injected as is, never transformed.
(() => {
  // tsx (esbuild keepNames) may wrap functions passed to page.evaluate in __name(): make that harmless.
  if (typeof globalThis.__name !== 'function') globalThis.__name = (fn) => fn;

  /** Every node under `root`, shadow roots included (the shadow roots themselves are not counted). */
  function countNodes(root = document) {
    let nodes = 0;
    let elements = 0;
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      for (let child = node.firstChild; child; child = child.nextSibling) {
        nodes++;
        if (child.nodeType === 1) {
          elements++;
          if (child.shadowRoot) stack.push(child.shadowRoot);
        }
        if (child.firstChild) stack.push(child);
      }
    }
    return { nodes, elements };
  }

  /** Every element under `root`, walking into open shadow roots, depth first. */
  function* deepElements(root = document) {
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      if (node.shadowRoot) stack.push(node.shadowRoot);
      if (node.nodeType === 1) yield node;
    }
  }

  function deepQuery(root, predicate) {
    for (const element of deepElements(root)) if (predicate(element)) return element;
    return null;
  }

  /** A rendered button (native or role=button) whose accessible name is `name`. */
  function findButton(root, name) {
    return deepQuery(root, (el) => {
      if (el.localName !== 'button' && el.getAttribute('role') !== 'button') return false;
      const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
      if (label !== name) return false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
  }

  /** A table body row (ARIA role="row" or <tr>) that is not a header row. */
  function isDataRow(el) {
    const row = el.getAttribute('role') === 'row' || (el.localName === 'tr' && !el.hasAttribute('role'));
    return row && !el.querySelector('[role="columnheader"], th[scope="col"], thead th');
  }

  /** The text of a row's header cell (role="rowheader" or <th>), trimmed; '' when it has none. */
  function rowHeaderText(row) {
    return (row.querySelector('[role="rowheader"], th')?.textContent ?? '').trim();
  }

  /** Resolves with performance.now() once the current frame has been rendered (rAF, then a task). */
  function afterPaint() {
    return new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });
  }

  /**
   * Checks `check()` at the end of every animation frame (after the store's own frame callbacks)
   * until it is truthy; resolves {at, frameStart, frames, value}: `at` is when that frame was painted,
   * `frameStart` the frame's rAF timestamp.
   */
  function untilRendered(check, timeoutMs = 10_000) {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      let frames = 0;
      const step = (frameStart) => {
        frames++;
        const value = check();
        if (value) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve({ at: performance.now(), frameStart, frames, value });
          channel.port2.postMessage(null);
        } else if (performance.now() - started > timeoutMs) {
          reject(new Error(`not rendered within ${timeoutMs} ms`));
        } else {
          requestAnimationFrame(step);
        }
      };
      requestAnimationFrame(step);
    });
  }

  /** Records requestAnimationFrame deltas and long tasks until stop() is called. */
  function recordFrames() {
    const deltas = [];
    const longTasks = [];
    let last = 0;
    let running = true;
    let observer;
    try {
      observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
    } catch {
      observer = undefined;
    }
    const tick = (time) => {
      if (!running) return;
      if (last !== 0) deltas.push(time - last);
      last = time;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return {
      stop() {
        running = false;
        observer?.disconnect();
        return { deltas, longTasks };
      },
    };
  }

  function nextEvent(target, type, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
      target.addEventListener(
        type,
        (event) => {
          clearTimeout(timer);
          resolve(event);
        },
        { once: true },
      );
    });
  }

  /** Resolves once the page's provider has connected (or at once if it already has). */
  function ready(provider = document.querySelector('flex-provider')) {
    if (window.__benchReady) return Promise.resolve(window.__benchReady);
    return Promise.race([
      nextEvent(provider, 'flex-ready').then((e) => e.detail),
      nextEvent(provider, 'flex-error').then((e) => {
        throw new Error(`flex-error: ${e.detail?.message}`);
      }),
    ]);
  }

  // Record flex-ready / flex-error as early as possible, whoever is listening.
  document.addEventListener(
    'flex-ready',
    (event) => {
      window.__benchReady = event.detail ?? {};
      window.__benchReadyAt = performance.now();
    },
    true,
  );
  document.addEventListener(
    'flex-error',
    (event) => {
      (window.__benchErrors ??= []).push(event.detail?.message ?? String(event.detail));
    },
    true,
  );

  globalThis.__bench = {
    countNodes,
    deepElements,
    deepQuery,
    findButton,
    isDataRow,
    rowHeaderText,
    afterPaint,
    untilRendered,
    recordFrames,
    nextEvent,
    ready,
  };
})();
