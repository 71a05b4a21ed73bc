/**
 * Keeps one array identity for a virtualized list while its length stays the same.
 *
 * @lit-labs/virtualizer's `virtualize` directive renders new rows at once when it gets the same
 * `items` array, but when it gets a new array it returns noChange and waits for the virtualizer to
 * lay the list out again and report the visible range (microtasks, often the next frame). In a
 * live table most frames change values, not the row count: copying the new rows into the array
 * the virtualizer already has puts a backend change on screen in the same update, and skips a
 * relayout of thousands of rows. A new length gets a new array (the layout must change).
 * Rows must have one height (the supervisor tables' rows do), since the virtualizer is not told.
 */
export class StableItems<T> {
  #items: T[] = [];

  /** The rows handed out last. */
  get current(): readonly T[] {
    return this.#items;
  }

  /** `next`'s rows, in the array handed out last time when the length did not change. */
  update(next: readonly T[]): T[] {
    const items = this.#items;
    if (items.length !== next.length || items.length === 0) {
      this.#items = next.slice();
      return this.#items;
    }
    for (let i = 0; i < next.length; i++) if (items[i] !== next[i]) items[i] = next[i];
    return items;
  }
}
