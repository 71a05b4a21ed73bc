/**
 * A small seeded pseudo-random source (mulberry32). The same seed always gives the same sequence,
 * in the browser and in Node, so a simulated day can be replayed exactly.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** An exponentially distributed value with the given mean (Poisson inter-arrival times). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A log-normal-ish duration around `mean`, never below `min`: realistic talk and wrap-up times. */
  duration(mean: number, min = 0): number {
    const u = this.next() + this.next() + this.next() - 1.5; // roughly normal, sd 0.5
    return Math.max(min, mean * Math.exp(u * 0.6));
  }

  /** A new independent source derived from this one. */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }
}
