/**
 * A binary min-heap that knows where each item sits, so an item can be removed or re-ordered in
 * O(log n). Used for timers, per-queue waiting tasks and per-queue idle workers.
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];
  private readonly positions = new Map<T, number>();

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.positions.has(item);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    if (this.positions.has(item)) {
      this.update(item);
      return;
    }
    this.items.push(item);
    this.positions.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(item: T): boolean {
    const index = this.positions.get(item);
    if (index === undefined) return false;
    const last = this.items.pop()!;
    this.positions.delete(item);
    if (index < this.items.length) {
      this.items[index] = last;
      this.positions.set(last, index);
      this.down(index);
      this.up(this.positions.get(last)!);
    }
    return true;
  }

  /** Restores order after the item's key changed. */
  update(item: T): void {
    const index = this.positions.get(item);
    if (index === undefined) return;
    this.up(index);
    this.down(this.positions.get(item)!);
  }

  /** The items in heap order (not sorted). */
  values(): readonly T[] {
    return this.items;
  }

  private up(index: number): void {
    const items = this.items;
    const item = items[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const p = items[parent];
      if (!this.less(item, p)) break;
      items[index] = p;
      this.positions.set(p, index);
      index = parent;
    }
    items[index] = item;
    this.positions.set(item, index);
  }

  private down(index: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.less(items[right], items[left])) child = right;
      const c = items[child];
      if (!this.less(c, item)) break;
      items[index] = c;
      this.positions.set(c, index);
      index = child;
    }
    items[index] = item;
    this.positions.set(item, index);
  }
}
