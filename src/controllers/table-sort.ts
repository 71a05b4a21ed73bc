/** Sorting for the supervisor tables: one column at a time, ascending or descending. */

export type SortDirection = 'ascending' | 'descending';

export interface SortState<K extends string = string> {
  readonly key: K;
  readonly direction: SortDirection;
}

/** The next sort after a click on a column header: same column flips, another starts ascending. */
export function nextSort<K extends string>(current: SortState<K>, key: K): SortState<K> {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}

/** The `aria-sort` value of a column header. */
export function ariaSort(current: SortState, key: string): 'ascending' | 'descending' | 'none' {
  return current.key === key ? current.direction : 'none';
}

type Sortable = string | number | undefined;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function isMissing(value: Sortable): boolean {
  return value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** Compares two cell values: numbers numerically, strings by locale; missing values last. */
export function compareValues(a: Sortable, b: Sortable): number {
  if (a === b) return 0;
  if (isMissing(a)) return isMissing(b) ? 0 : 1;
  if (isMissing(b)) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Gives strings a numeric rank in collation order and remembers it, so sorting thousands of rows
 * compares numbers instead of calling Intl.Collator (names rarely change, so the ranks are computed
 * once and reused). Strings the collator deems equal share a rank, so a rank order and a collator
 * order never disagree.
 */
export class StringRanker {
  #rank = new Map<string, number>();

  /** Ranks for every value, re-ranking only when a value was never seen. */
  prepare(values: readonly string[]): Map<string, number> {
    let missing = false;
    for (const value of values) {
      if (!this.#rank.has(value)) {
        missing = true;
        break;
      }
    }
    if (missing) {
      // Keep the cache bounded over a long shift: past the limit, start again from these values.
      const base = this.#rank.size + values.length > 50_000 ? [] : [...this.#rank.keys()];
      const all = [...new Set([...base, ...values])].sort(collator.compare);
      const rank = new Map<string, number>();
      let current = 0;
      for (let i = 0; i < all.length; i++) {
        if (i > 0 && collator.compare(all[i - 1], all[i]) !== 0) current = i;
        rank.set(all[i], current);
      }
      this.#rank = rank;
    }
    return this.#rank;
  }
}

/**
 * Sorts rows by one column, then by `tieBreak` (a name, say), then by `id` (a sid); missing values
 * go last in both directions. `sort` orders a whole list (strings compared through
 * `StringRanker`s, so 10,000 rows cost a few milliseconds); `compare` is the same order for one
 * pair, for keeping a sorted list up to date by binary insertion (see `insertSorted`).
 */
export class TableSorter<T> {
  readonly #rankers = new Map<string, StringRanker>();

  constructor(
    private readonly value: (row: T, key: string) => Sortable,
    private readonly tieBreak: (row: T) => string,
    private readonly id: (row: T) => string,
  ) {}

  #ranker(key: string): StringRanker {
    let ranker = this.#rankers.get(key);
    if (!ranker) this.#rankers.set(key, (ranker = new StringRanker()));
    return ranker;
  }

  /** The order of `sort` for two rows (0 only for the same id). */
  compare(a: T, b: T, sort: SortState): number {
    const va = this.value(a, sort.key);
    const vb = this.value(b, sort.key);
    const ma = isMissing(va);
    const mb = isMissing(vb);
    if (ma !== mb) return ma ? 1 : -1;
    if (!ma) {
      const c = compareValues(va, vb);
      if (c !== 0) return sort.direction === 'ascending' ? c : -c;
    }
    const t = collator.compare(this.tieBreak(a), this.tieBreak(b));
    if (t !== 0) return t;
    const ia = this.id(a);
    const ib = this.id(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  }

  sort(rows: readonly T[], sort: SortState): T[] {
    const n = rows.length;
    const raw = rows.map((row) => this.value(row, sort.key));
    const tieNames = rows.map(this.tieBreak);
    const ids = rows.map(this.id);
    const strings = raw.filter((v): v is string => typeof v === 'string');
    const ranks = strings.length ? this.#ranker(sort.key).prepare(strings) : undefined;
    const primary = new Float64Array(n);
    const missing = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (isMissing(v)) missing[i] = 1;
      else primary[i] = typeof v === 'number' ? v : ranks!.get(v as string)!;
    }
    const tieRanks = this.#ranker('\u0000tie').prepare(tieNames);
    const secondary = Float64Array.from(tieNames, (name) => tieRanks.get(name)!);
    const factor = sort.direction === 'ascending' ? 1 : -1;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      if (missing[a] !== missing[b]) return missing[a] - missing[b];
      const c = (primary[a] - primary[b]) * factor;
      if (c !== 0) return c;
      return secondary[a] - secondary[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
    });
    return order.map((i) => rows[i]);
  }

  /** Where `row` goes in `sorted` (the first index whose row sorts after it). */
  position(sorted: readonly T[], row: T, sort: SortState): number {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(sorted[mid], row, sort) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Removes `row` (the same object) from `sorted` in place; false when it is not there. */
  remove(sorted: T[], row: T, sort: SortState): boolean {
    let index = this.position(sorted, row, sort);
    if (sorted[index] !== row) index = sorted.indexOf(row);
    if (index < 0) return false;
    sorted.splice(index, 1);
    return true;
  }

  /** Inserts `row` into `sorted` in place, at its place in the order. */
  insert(sorted: T[], row: T, sort: SortState): void {
    sorted.splice(this.position(sorted, row, sort), 0, row);
  }
}
