/** Warning and critical thresholds on queue metrics, and one notification per breach. */

export interface MetricThreshold {
  readonly warning?: number;
  readonly critical?: number;
  /** `above` (default): a value at or above the threshold breaches it; `below`: at or below. */
  readonly direction?: 'above' | 'below';
}

export type ThresholdLevel = 'ok' | 'warning' | 'critical';

/** The level of one value against one threshold (ok when there is no threshold or no value). */
export function thresholdLevel(value: number | undefined, threshold: MetricThreshold | undefined): ThresholdLevel {
  if (!threshold || value === undefined || !Number.isFinite(value)) return 'ok';
  const below = threshold.direction === 'below';
  const breaches = (limit: number | undefined) =>
    typeof limit === 'number' && Number.isFinite(limit) && (below ? value <= limit : value >= limit);
  if (breaches(threshold.critical)) return 'critical';
  if (breaches(threshold.warning)) return 'warning';
  return 'ok';
}

/** Checks that a `queueStats.thresholds` config is usable; returns readable problems. */
export function validateThresholds(thresholds: unknown, knownMetrics: readonly string[]): string[] {
  if (thresholds === undefined || thresholds === null) return [];
  if (typeof thresholds !== 'object' || Array.isArray(thresholds)) return ['queueStats.thresholds must be an object'];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(thresholds as Record<string, unknown>)) {
    if (!knownMetrics.includes(key)) {
      problems.push(`queueStats.thresholds has an unknown metric "${key}"`);
      continue;
    }
    if (typeof value !== 'object' || value === null) {
      problems.push(`queueStats.thresholds.${key} must be {warning, critical, direction}`);
      continue;
    }
    const t = value as Record<string, unknown>;
    for (const limit of ['warning', 'critical']) {
      if (t[limit] !== undefined && (typeof t[limit] !== 'number' || !Number.isFinite(t[limit]))) {
        problems.push(`queueStats.thresholds.${key}.${limit} must be a number`);
      }
    }
    if (t['direction'] !== undefined && t['direction'] !== 'above' && t['direction'] !== 'below') {
      problems.push(`queueStats.thresholds.${key}.direction must be "above" or "below"`);
    }
  }
  return problems;
}

export interface Breach {
  readonly subject: string;
  readonly metric: string;
  readonly level: Exclude<ThresholdLevel, 'ok'>;
  readonly value: number;
}

/**
 * Remembers which (subject, metric) pairs are in breach. `update` returns only the breaches that
 * are new since the last call: a pair that stays in breach is not reported again however often
 * it is evaluated; it re-arms once it recovers. An escalation from warning to critical is new.
 */
export class BreachTracker {
  readonly #levels = new Map<string, ThresholdLevel>();

  update(levels: Iterable<{ subject: string; metric: string; level: ThresholdLevel; value: number }>): Breach[] {
    const fresh: Breach[] = [];
    const seen = new Set<string>();
    for (const { subject, metric, level, value } of levels) {
      const id = `${subject}\u0000${metric}`;
      seen.add(id);
      const before = this.#levels.get(id) ?? 'ok';
      if (level === 'ok') {
        this.#levels.delete(id);
        continue;
      }
      this.#levels.set(id, level);
      if (before === 'ok' || (before === 'warning' && level === 'critical')) fresh.push({ subject, metric, level, value });
    }
    // A subject that disappeared (queue removed, metric no longer watched) recovers.
    for (const id of [...this.#levels.keys()]) if (!seen.has(id)) this.#levels.delete(id);
    return fresh;
  }

  reset(): void {
    this.#levels.clear();
  }
}
