/**
 * Agents' status changes (available, unavailable, offline) kept in time order per agent, and the
 * time each spent in each status within a period: occupancy's and utilisation's denominators.
 */
export class ActivityLog {
  readonly #log = new Map<string, { at: number[]; status: number[] }>();

  append(change: { readonly workerSid: string; readonly at: number; readonly status: 'available' | 'unavailable' | 'offline' }): void {
    let log = this.#log.get(change.workerSid);
    if (!log) this.#log.set(change.workerSid, (log = { at: [], status: [] }));
    const status = change.status === 'available' ? 2 : change.status === 'unavailable' ? 1 : 0;
    let k = log.at.length;
    while (k > 0 && log.at[k - 1] > change.at) k--;
    log.at.splice(k, 0, change.at);
    log.status.splice(k, 0, status);
  }

  workers(): string[] {
    return [...this.#log.keys()];
  }

  /**
   * Milliseconds a worker spent per status within [from, to): `[offline, unavailable, available]`.
   * Before their first change a worker counts as offline.
   */
  timeInStatus(workerSid: string, from: number, to: number): [number, number, number] {
    const result: [number, number, number] = [0, 0, 0];
    const log = this.#log.get(workerSid);
    if (!log) return result;
    for (let k = 0; k < log.at.length; k++) {
      const start = Math.max(from, log.at[k]);
      const end = Math.min(to, k + 1 < log.at.length ? log.at[k + 1] : to);
      if (end > start) result[log.status[k] as 0 | 1 | 2] += end - start;
    }
    return result;
  }
}
