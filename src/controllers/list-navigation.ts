import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

export interface ListNavigationOptions {
  /** Selector of the focusable items; each carries its position in the list as `data-index`. */
  readonly item: string;
  /** How many items the list has (rendered or not). */
  readonly count: () => number;
  /** Items a Page Up/Down moves; default: as many as fit in the list's viewport, less one. */
  readonly pageSize?: (body: HTMLElement, item: HTMLElement) => number;
  /** Called with the new index before it is focused (a roving tab stop); false cancels the move. */
  readonly moved?: (index: number) => boolean | void;
  /** Awaited once the item is rendered, before it is focused (say, the host's updateComplete). */
  readonly beforeFocus?: () => Promise<unknown>;
  /** Enter on an item; unset, Enter keeps its usual meaning (a button's click). */
  readonly activate?: (index: number, item: HTMLElement) => void;
  /** Frames to wait for a scrolled-to item to render (default 5). */
  readonly attempts?: number;
}

const KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End']);

/**
 * Keyboard navigation in a virtualized list (`virtualize({scroller: true})`): Up and Down arrows,
 * Page Up/Down, Home and End move focus between items, scrolling the list so that the target item
 * renders first; Enter activates an item when `activate` is given. Bind `onKeydown` to the
 * element that hosts the virtualizer (the list's body), which must be the listener's currentTarget.
 */
export class ListNavigationController {
  readonly #options: ListNavigationOptions;

  constructor(options: ListNavigationOptions) {
    this.#options = options;
  }

  /**
   * With no item rendered (a virtualizer renders none while the list is off screen), the scrolling
   * body itself is the tab stop, so the keyboard can still reach and scroll it. Call after each update.
   */
  syncTabStop(body: HTMLElement | null): void {
    if (!body) return;
    if (body.querySelector(this.#options.item)) body.removeAttribute('tabindex');
    else body.setAttribute('tabindex', '0');
  }

  readonly onKeydown = async (event: KeyboardEvent): Promise<void> => {
    const options = this.#options;
    const enter = event.key === 'Enter' && options.activate !== undefined;
    if (!KEYS.has(event.key) && !enter) return;
    const item = (event.composedPath()[0] as HTMLElement).closest?.<HTMLElement>(options.item);
    if (!item) return;
    event.preventDefault();
    const current = Number(item.dataset['index']);
    if (enter) {
      options.activate?.(current, item);
      return;
    }
    const body = event.currentTarget as VirtualizerHostElement & HTMLElement;
    const count = options.count();
    const page = Math.max(1, options.pageSize?.(body, item) ?? Math.floor(body.clientHeight / Math.max(1, item.offsetHeight)) - 1);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }[event.key] ?? 0;
    const next = Math.min(count - 1, Math.max(0, current + step));
    if (next < 0 || options.moved?.(next) === false) return;
    body[virtualizerRef]?.element(next)?.scrollIntoView({ block: 'nearest' });
    for (let attempt = 0; attempt < (options.attempts ?? 5); attempt++) {
      const target = body.querySelector<HTMLElement>(`${options.item}[data-index="${next}"]`);
      if (target) {
        await options.beforeFocus?.();
        target.focus();
        return;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  };
}
