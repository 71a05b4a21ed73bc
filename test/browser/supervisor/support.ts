/** Chromium reports a benign "ResizeObserver loop" error while the virtual list measures rows. */
export function ignoreResizeObserverLoop() {
  let original: OnErrorEventHandler;
  before(() => {
    original = window.onerror;
    window.onerror = (message, ...rest) =>
      (typeof message === 'string' ? message : message.type).includes('ResizeObserver loop')
        ? true
        : (original?.call(window, message, ...rest) ?? false);
  });
  after(() => {
    window.onerror = original;
  });
}

/** Waits up to `frames` animation frames for a condition (the virtualizer lays out over a few frames). */
export async function frames(condition: () => boolean, count = 20): Promise<void> {
  for (let i = 0; i < count && !condition(); i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}
