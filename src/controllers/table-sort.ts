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
 * Returns a sorted copy. Ties keep a stable order by `tieBreak` (e.g. the name, then the sid), so
 * rows never jump around when their sort values are equal.
 */
export function sortRows<T>(
  rows: readonly T[],
  sort: SortState,
  value: (row: T, key: string) => Sortable,
  tieBreak: (row: T) => string,
): T[] {
  const factor = sort.direction === 'ascending' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, v: value(row, sort.key), t: tieBreak(row) }));
  keyed.sort((a, b) => {
    // Missing values stay last in both directions.
    if (a.v === undefined || b.v === undefined) {
      if (a.v !== b.v) return a.v === undefined ? 1 : -1;
    } else {
      const c = compareValues(a.v, b.v) * factor;
      if (c !== 0) return c;
    }
    return a.t < b.t ? -1 : a.t > b.t ? 1 : 0;
  });
  return keyed.map((k) => k.row);
}
