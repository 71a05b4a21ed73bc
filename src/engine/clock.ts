import { IndexedHeap } from './heap.js';

/** Where the engine reads the time (epoch milliseconds). */
export interface Clock {
  now(): number;
}

/** Runs callbacks at a time on the clock. */
export interface Scheduler {
  /** Schedules `callback` at time `at` (ms); returns an id for cancel. */
  schedule(at: number, callback: () => void): number;
  cancel(id: number): void;
}

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock whose time moves only when told to. Timers due at the same time run in the order they
 * were scheduled, so runs are deterministic. Timers scheduled while advancing run in the same
 * advance if they fall due before its end.
 */
export class VirtualClock implements Clock, Scheduler {
  private time: number;
  private nextId = 1;
  private readonly timers = new IndexedHeap<Timer>((a, b) => a.at < b.at || (a.at === b.at && a.id < b.id));
  private readonly byId = new Map<number, Timer>();

  constructor(start = Date.UTC(2025, 0, 6, 8, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(at: number, callback: () => void): number {
    const timer: Timer = { id: this.nextId++, at: Math.max(at, this.time), callback };
    this.byId.set(timer.id, timer);
    this.timers.push(timer);
    return timer.id;
  }

  cancel(id: number): void {
    const timer = this.byId.get(id);
    if (!timer) return;
    this.byId.delete(id);
    this.timers.remove(timer);
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** When the next timer is due, if any. */
  nextDueAt(): number | undefined {
    return this.timers.peek()?.at;
  }

  /** Moves time forward by `ms`, running every timer that falls due. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance() needs a non-negative number of ms, got ${ms}`);
    this.advanceTo(this.time + ms);
  }

  /** Moves time to `target` (never backwards), running every timer due by then in order. */
  advanceTo(target: number): void {
    for (;;) {
      const next = this.timers.peek();
      if (!next || next.at > target) break;
      this.timers.pop();
      this.byId.delete(next.id);
      if (next.at > this.time) this.time = next.at;
      next.callback();
    }
    if (target > this.time) this.time = target;
  }
}
