import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactCenterController } from '../context/store-controller.js';
import type { ContactCenter } from '../core/contact-center.js';
import { FlexError } from '../core/errors.js';
import type { Queue, QueueStatistics } from '../core/model.js';
import type { FlexState } from '../core/store.js';
import {
  BreachTracker,
  thresholdLevel,
  validateThresholds,
  type Breach,
  type MetricThreshold,
  type ThresholdLevel,
} from './threshold-alerts.js';

const RANK: Record<ThresholdLevel, number> = { ok: 0, warning: 1, critical: 2 };

export interface QueueAlertsOptions {
  /** Keys of the metrics a threshold may watch (config `queueStats.thresholds`). */
  readonly metrics: readonly string[];
  /** A metric's value for a queue. */
  readonly value: (metric: string, stats: QueueStatistics, queue: Queue | undefined) => number | undefined;
  /** Whether the current user may see queue figures (no evaluation and no notifications otherwise). */
  readonly allowed: (state: FlexState) => boolean;
  /** The notification text for a new breach. */
  readonly message: (breach: Breach, stats: QueueStatistics | undefined, threshold: number | undefined) => string;
  /** The thresholds config is unusable: `problems` are readable sentences (empty once it is fixed). */
  readonly invalid?: (problems: readonly string[]) => void;
}

/**
 * Watches queue statistics against the warning and critical thresholds of config
 * `queueStats.thresholds`, outside any render: it subscribes to the store's queue statistics,
 * queues and role, works out each watched cell's level and each queue's health (its worst level),
 * and raises one notification per breach (a breach that persists is not announced again; it
 * re-arms once the value recovers; warning → critical is a new breach). The host reads `level`,
 * `health` and `watching` when it renders, and is asked to re-render when a level changes.
 */
export class QueueAlertsController implements ReactiveController {
  readonly #tracker = new BreachTracker();
  #levels = new Map<string, ThresholdLevel>();
  #health = new Map<string, ThresholdLevel>();
  #watching = false;
  #checked: unknown = undefined;
  #checkedOnce = false;
  #thresholds: Record<string, MetricThreshold> = {};
  #unsubscribe: (() => void)[] = [];
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly center: ContactCenterController,
    private readonly options: QueueAlertsOptions,
  ) {
    center.onChange(() => this.#bind());
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.#bind();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unbind();
  }

  /** Whether any metric has a usable threshold. */
  get watching(): boolean {
    return this.#watching;
  }

  /** The level of one queue's metric (ok when unwatched). */
  level(queueSid: string, metric: string): ThresholdLevel {
    return this.#levels.get(`${queueSid}\u0000${metric}`) ?? 'ok';
  }

  /** A queue's health: the worst level among its watched metrics. */
  health(queueSid: string): ThresholdLevel {
    return this.#health.get(queueSid) ?? 'ok';
  }

  /** A number for sorting by health: 0 healthy, 1 warning, 2 critical. */
  healthRank(queueSid: string): number {
    return RANK[this.health(queueSid)];
  }

  #unbind(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  #bind(): void {
    this.#unbind();
    const cc = this.center.value;
    if (!cc || !this.#connected) return;
    const evaluate = () => this.#evaluate(cc);
    this.#unsubscribe = [
      cc.store.subscribe((s) => s.queueStats, evaluate),
      cc.store.subscribe((s) => s.queues, evaluate),
      cc.store.subscribe((s) => s.session.role, evaluate),
    ];
    evaluate();
  }

  #currentThresholds(cc: ContactCenter): Record<string, MetricThreshold> {
    const raw = cc.config.queueStats?.thresholds;
    if (!this.#checkedOnce || raw !== this.#checked) {
      this.#checkedOnce = true;
      this.#checked = raw;
      const problems = validateThresholds(raw, this.options.metrics);
      this.#thresholds = problems.length || !raw ? {} : (raw);
      this.options.invalid?.(problems);
      if (problems.length) cc.reportError(new FlexError('invalid-config', problems.join('; ')), this.host);
    }
    return this.#thresholds;
  }

  #evaluate(cc: ContactCenter): void {
    const state = cc.store.getState();
    const thresholds = this.#currentThresholds(cc);
    const watched = this.options.metrics.filter((metric) => thresholds[metric]);
    const allowed = this.options.allowed(state);
    const levels = new Map<string, ThresholdLevel>();
    const health = new Map<string, ThresholdLevel>();
    const entries: { subject: string; metric: string; level: ThresholdLevel; value: number }[] = [];
    if (allowed && watched.length) {
      for (const stats of Object.values(state.queueStats)) {
        let worst: ThresholdLevel = 'ok';
        for (const metric of watched) {
          const value = this.options.value(metric, stats, state.queues[stats.sid]);
          const level = thresholdLevel(value, thresholds[metric]);
          if (level !== 'ok') levels.set(`${stats.sid}\u0000${metric}`, level);
          if (RANK[level] > RANK[worst]) worst = level;
          entries.push({ subject: stats.sid, metric, level, value: value ?? NaN });
        }
        health.set(stats.sid, worst);
      }
    }
    const changed = !sameMap(levels, this.#levels) || this.#watching !== (allowed && watched.length > 0);
    this.#levels = levels;
    this.#health = health;
    this.#watching = allowed && watched.length > 0;
    for (const breach of this.#tracker.update(entries)) {
      const stats = state.queueStats[breach.subject];
      cc.notifications.show({
        id: `queue-stats:${breach.subject}:${breach.metric}`,
        type: breach.level === 'critical' ? 'error' : 'warning',
        message: this.options.message(breach, stats, thresholds[breach.metric]?.[breach.level]),
        timeout: 0,
      });
    }
    if (changed) this.host.requestUpdate();
  }
}

function sameMap<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
