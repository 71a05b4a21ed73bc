/**
 * How a backend session continues in another tab or after a reload: the backend describes itself
 * as a base (what it was opened with) plus an append-only list of entries (what happened since),
 * and where its clock stood. Everything in it is structured-cloneable (BroadcastChannel,
 * IndexedDB). A new leader tab, or the same tab after a refresh, passes it back as
 * `SessionOptions.restore` and the backend picks up where the previous one stopped.
 */
export interface HandoverState {
  /** The backend's name (`simulator`); a backend ignores a state that is not its own. */
  readonly kind: string;
  readonly version: number;
  /** What the session was opened with (identity, role, options, configuration). */
  readonly base: unknown;
  /** What happened since, in order. */
  readonly entries: readonly unknown[];
  /** The backend's clock (epoch ms) at `wall`. */
  readonly now: number;
  /** The wall clock (Date.now()) when `now` was read. */
  readonly wall: number;
  /** Backend milliseconds per wall millisecond (the simulator's speed; 0 for a clock that stands still). */
  readonly rate: number;
}

/** A backend that can be continued elsewhere (the simulator). */
export interface HandoverSource {
  /** The state now; undefined while not connected. */
  handoverState(): HandoverState | undefined;
  /** Hears each new entry as it is appended (the leader mirrors them to the other tabs). */
  onHandoverEntry(listener: (entry: unknown) => void): () => void;
}

export function isHandoverSource(backend: unknown): backend is HandoverSource {
  const candidate = backend as Partial<HandoverSource> | null;
  return typeof candidate?.handoverState === 'function' && typeof candidate.onHandoverEntry === 'function';
}

/** Where a handover state's clock stands now. */
export function handoverNow(state: Pick<HandoverState, 'now' | 'wall' | 'rate'>, wall = Date.now()): number {
  return state.now + Math.max(0, wall - state.wall) * state.rate;
}

export function isHandoverState(value: unknown): value is HandoverState {
  const v = value as Partial<HandoverState> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.kind === 'string' &&
    typeof v.version === 'number' &&
    Array.isArray(v.entries) &&
    Number.isFinite(v.now) &&
    Number.isFinite(v.wall) &&
    Number.isFinite(v.rate)
  );
}
