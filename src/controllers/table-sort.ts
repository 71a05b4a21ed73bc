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

/** Compares two cell values: numbers numerically, strings by locale; missing values last. */
export function compareValues(a: Sortable, b: Sortable): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Gives strings a numeric rank in collation order and remembers it, so sorting thousands of rows
 * every frame compares numbers instead of calling Intl.Collator (names rarely change, so the
 * ranks are computed once and reused).
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
      this.#rank = new Map(all.map((v, i) => [v, i]));
    }
    return this.#rank;
  }
}

/**
 * Sorts rows by one column, then by `tieBreak` (a name, say), keeping the input order after that;
 * missing values go last in both directions. Strings are compared through `StringRanker`s so a
 * sort of 10,000 rows costs a few milliseconds.
 */
export class TableSorter<T> {
  readonly #rankers = new Map<string, StringRanker>();

  #last:
    | { key: string; direction: SortDirection; values: Map<string, { v: Sortable; t: string }>; order: string[] }
    | undefined;

  /**
   * `id` (a sid) lets a sort whose values did not change reuse the previous order: sorting
   * 10,000 agents by name costs one pass when only their activities changed.
   */
  constructor(
    private readonly value: (row: T, key: string) => Sortable,
    private readonly tieBreak: (row: T) => string,
    private readonly id?: (row: T) => string,
  ) {}

  #reuse(rows: readonly T[], sort: SortState, raw: readonly Sortable[], ties: readonly string[]): T[] | undefined {
    const last = this.#last;
    const id = this.id;
    if (!id || !last || last.key !== sort.key || last.direction !== sort.direction || last.order.length !== rows.length) {
      return undefined;
    }
    const byId = new Map<string, T>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const sid = id(row);
      const before = last.values.get(sid);
      if (!before || !Object.is(before.v, raw[i]) || before.t !== ties[i]) return undefined;
      byId.set(sid, row);
    }
    return last.order.map((sid) => byId.get(sid) as T);
  }

  #ranker(key: string): StringRanker {
    let ranker = this.#rankers.get(key);
    if (!ranker) this.#rankers.set(key, (ranker = new StringRanker()));
    return ranker;
  }

  sort(rows: readonly T[], sort: SortState): T[] {
    const n = rows.length;
    const raw = rows.map((row) => this.value(row, sort.key));
    const tieNames = rows.map(this.tieBreak);
    const reused = this.#reuse(rows, sort, raw, tieNames);
    if (reused) return reused;
    const strings = raw.filter((v): v is string => typeof v === 'string');
    const ranks = strings.length ? this.#ranker(sort.key).prepare(strings) : undefined;
    const primary = new Float64Array(n);
    const missing = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) missing[i] = 1;
      else primary[i] = typeof v === 'number' ? v : ranks!.get(v)!;
    }
    const tieRanks = this.#ranker('\u0000tie').prepare(tieNames);
    const secondary = Float64Array.from(tieNames, (name) => tieRanks.get(name)!);
    const factor = sort.direction === 'ascending' ? 1 : -1;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      if (missing[a] !== missing[b]) return missing[a] - missing[b];
      const c = (primary[a] - primary[b]) * factor;
      if (c !== 0) return c;
      return secondary[a] - secondary[b] || a - b;
    });
    const sorted = order.map((i) => rows[i]);
    if (this.id) {
      const id = this.id;
      const values = new Map<string, { v: Sortable; t: string }>();
      for (let i = 0; i < n; i++) values.set(id(rows[i]), { v: raw[i], t: tieNames[i] });
      this.#last = { key: sort.key, direction: sort.direction, values, order: sorted.map(id) };
    }
    return sorted;
  }
}
