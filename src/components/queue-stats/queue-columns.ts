import type { CumulativeStatistics, Queue, QueueStatistics } from '../../core/model.js';

/**
 * How a column's cell is shown: a number, a percentage or a duration (all from `value`); `health`,
 * the queue's worst alert level; `agent`, the name of the worker `worker` returns.
 */
export type ColumnKind = 'count' | 'percent' | 'duration' | 'health' | 'agent';

/** One metric column of the queues table, after Flex's Real-time Queues View. */
export interface QueueColumn {
  /** Stable key: the column chooser, `queueStats.thresholds` and `data-metric` use it. */
  readonly key: string;
  /** String key of the header text (overridable). */
  readonly labelKey: string;
  /** For 30-minute and today columns, the window's string key. */
  readonly windowKey?: string;
  readonly kind: ColumnKind;
  readonly value: (stats: QueueStatistics, queue: Queue | undefined) => number | undefined;
  /** For `agent` columns: the sid of the worker to name. */
  readonly worker?: (stats: QueueStatistics) => string | undefined;
  readonly defaultVisible: boolean;
}

const realtime: QueueColumn[] = (
  [
  { key: 'active', kind: 'count', value: (s) => s.realtime.activeTasks, defaultVisible: true },
  { key: 'waiting', kind: 'count', value: (s) => s.realtime.waitingTasks, defaultVisible: true },
  { key: 'longestWait', kind: 'duration', value: (s) => s.realtime.longestWaitingAge, defaultVisible: true },
  { key: 'agents', kind: 'count', value: (s) => s.realtime.eligibleWorkers, defaultVisible: true },
  { key: 'agentsAvailable', kind: 'count', value: (s) => s.realtime.availableAgents, defaultVisible: true },
  { key: 'agentsUnavailable', kind: 'count', value: (s) => s.realtime.unavailableAgents, defaultVisible: false },
  { key: 'agentsOffline', kind: 'count', value: (s) => s.realtime.offlineAgents, defaultVisible: false },
  { key: 'health', kind: 'health', value: () => undefined, defaultVisible: true },
  {
    key: 'longestAvailable',
    kind: 'agent',
    value: () => undefined,
    worker: (s) => s.realtime.longestAvailableWorkerSid,
    defaultVisible: false,
  },
  {
    key: 'serviceLevelThreshold',
    kind: 'duration',
    value: (s, q) => q?.serviceLevelThreshold ?? s.serviceLevelThreshold,
    defaultVisible: false,
  },
  {
    key: 'shortAbandonedThreshold',
    kind: 'duration',
    value: (s, q) => q?.shortAbandonedThreshold ?? s.shortAbandonedThreshold,
    defaultVisible: false,
  },
  ] as Omit<QueueColumn, 'labelKey'>[]
).map((c) => ({ ...c, labelKey: `queueStats.column.${c.key}` }));

type CumulativeKey = keyof CumulativeStatistics;
const cumulative: [key: string, field: CumulativeKey, kind: ColumnKind, visible30m: boolean, visibleToday: boolean][] = [
  ['sla', 'serviceLevelPct', 'percent', true, true],
  ['tasks', 'tasksEntered', 'count', false, false],
  ['handled', 'tasksHandled', 'count', false, true],
  ['handledWithinSla', 'handledWithinSla', 'count', false, false],
  ['handledWithinSlaPct', 'handledWithinSlaPct', 'percent', false, false],
  ['abandoned', 'abandoned', 'count', false, true],
  ['abandonedPct', 'abandonedPct', 'percent', false, false],
  ['shortAbandoned', 'shortAbandoned', 'count', false, false],
  ['shortAbandonedPct', 'shortAbandonedPct', 'percent', false, false],
  ['avgWait', 'avgWaitTime', 'duration', false, true],
  ['avgAbandon', 'avgAbandonTime', 'duration', false, false],
  ['avgHandle', 'avgHandleTime', 'duration', false, false],
  ['avgTalk', 'avgTalkTime', 'duration', false, false],
  ['avgWrapup', 'avgWrapupTime', 'duration', false, false],
  ['rejected', 'reservationsRejected', 'count', false, false],
  ['missed', 'reservationsTimedOut', 'count', false, false],
  ['accepted', 'tasksAccepted', 'count', false, false],
  ['transferredOut', 'transferredOut', 'count', false, false],
  ['transferredOutPct', 'transferredOutPct', 'percent', false, false],
  ['completed', 'tasksCompleted', 'count', false, false],
];

const windowed: QueueColumn[] = cumulative.flatMap(([key, field, kind, visible30m, visibleToday]) => [
  {
    key: `${key}30m`,
    labelKey: `queueStats.column.${key}`,
    windowKey: 'queueStats.window.30m',
    kind,
    value: (s: QueueStatistics) => s.thirtyMinutes[field],
    defaultVisible: visible30m,
  },
  {
    key: `${key}Today`,
    labelKey: `queueStats.column.${key}`,
    windowKey: 'queueStats.window.today',
    kind,
    value: (s: QueueStatistics) => s.today[field],
    defaultVisible: visibleToday,
  },
]);

/** Every metric column, in the order Flex shows them. */
export const QUEUE_COLUMNS: readonly QueueColumn[] = [...realtime, ...windowed];
export const QUEUE_COLUMN_KEYS: readonly string[] = QUEUE_COLUMNS.map((c) => c.key);
/** The numeric columns, the ones `queueStats.thresholds` may watch. */
export const THRESHOLD_METRICS: readonly string[] = QUEUE_COLUMNS.filter(
  (c) => c.kind === 'count' || c.kind === 'percent' || c.kind === 'duration',
).map((c) => c.key);
export const DEFAULT_QUEUE_COLUMNS: readonly string[] = QUEUE_COLUMNS.filter((c) => c.defaultVisible).map((c) => c.key);

export const queueColumnStrings: Record<string, string> = {
  'queueStats.column.active': 'Active',
  'queueStats.column.waiting': 'Waiting',
  'queueStats.column.longestWait': 'Longest wait',
  'queueStats.column.agents': 'Agents',
  'queueStats.column.agentsAvailable': 'Available agents',
  'queueStats.column.agentsUnavailable': 'Unavailable agents',
  'queueStats.column.agentsOffline': 'Offline agents',
  'queueStats.column.health': 'Health',
  'queueStats.column.longestAvailable': 'Longest available agent',
  'queueStats.health.ok': 'Healthy',
  'queueStats.health.warning': 'Warning',
  'queueStats.health.critical': 'Critical',
  'queueStats.column.serviceLevelThreshold': 'SLA threshold',
  'queueStats.column.shortAbandonedThreshold': 'Short-abandon threshold',
  'queueStats.column.sla': 'SLA %',
  'queueStats.column.tasks': 'Tasks',
  'queueStats.column.handled': 'Handled',
  'queueStats.column.handledWithinSla': 'Handled within SLA',
  'queueStats.column.handledWithinSlaPct': 'Handled within SLA %',
  'queueStats.column.abandoned': 'Abandoned',
  'queueStats.column.abandonedPct': 'Abandoned %',
  'queueStats.column.shortAbandoned': 'Short abandoned',
  'queueStats.column.shortAbandonedPct': 'Short abandoned %',
  'queueStats.column.avgWait': 'Avg. wait',
  'queueStats.column.avgAbandon': 'Avg. abandon',
  'queueStats.column.avgHandle': 'Avg. handle',
  'queueStats.column.avgTalk': 'Avg. talk',
  'queueStats.column.avgWrapup': 'Avg. wrap-up',
  'queueStats.column.rejected': 'Rejected',
  'queueStats.column.missed': 'Missed',
  'queueStats.column.accepted': 'Accepted',
  'queueStats.column.transferredOut': 'Transferred out',
  'queueStats.column.transferredOutPct': 'Transferred out %',
  'queueStats.column.completed': 'Completed',
  'queueStats.window.30m': '{label} (30 min)',
  'queueStats.window.today': '{label} (today)',
};
