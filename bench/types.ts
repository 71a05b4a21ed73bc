/** One printed figure. `value` and `met` are null for a part that is not built yet. */
export interface BenchRow {
  readonly name: string;
  readonly value: number | null;
  readonly unit: string;
  /** The target as a person reads it, e.g. "≤ 60" or "≥ 1000"; "—" when there is none. */
  readonly target: string;
  readonly met: boolean | null;
  /** How it was measured, in one sentence. */
  readonly method: string;
}

/** Every bench/*.bench.ts default-exports one of these. */
export type Benchmark = () => Promise<BenchRow[]>;
