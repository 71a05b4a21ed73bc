/** Makes Twilio-shaped sids (two letters and 32 hex digits) from a counter: deterministic and sortable. */
export function makeSid(prefix: string, n: number): string {
  return prefix + n.toString(16).padStart(32, '0');
}

/** Counters per prefix, so every entity kind numbers from 1. */
export class SidFactory {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return makeSid(prefix, n);
  }
}
