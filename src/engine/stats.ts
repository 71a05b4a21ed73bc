import type { CumulativeStatistics } from '../core/model.js';
import type { EngineLogEntry } from './log.js';

/** Raw sums behind CumulativeStatistics. */
export interface StatSums {
  entered: number;
  accepted: number;
  acceptedWithinSla: number;
  waitSum: number;
  completed: number;
  canceled: number;
  handled: number;
  handledWithinSla: number;
  handleSum: number;
  talkSum: number;
  wrapupSum: number;
  abandoned: number;
  shortAbandoned: number;
  abandonSum: number;
  reservationsCreated: number;
  reservationsAccepted: number;
  reservationsRejected: number;
  reservationsTimedOut: number;
  reservationsCanceled: number;
  reservationsRescinded: number;
  transferredOut: number;
}

const SUM_KEYS: readonly (keyof StatSums)[] = [
  'entered',
  'accepted',
  'acceptedWithinSla',
  'waitSum',
  'completed',
  'canceled',
  'handled',
  'handledWithinSla',
  'handleSum',
  'talkSum',
  'wrapupSum',
  'abandoned',
  'shortAbandoned',
  'abandonSum',
  'reservationsCreated',
  'reservationsAccepted',
  'reservationsRejected',
  'reservationsTimedOut',
  'reservationsCanceled',
  'reservationsRescinded',
  'transferredOut',
];

export function emptySums(): StatSums {
  const sums = {} as StatSums;
  for (const key of SUM_KEYS) sums[key] = 0;
  return sums;
}

export interface Thresholds {
  /** Seconds. */
  readonly serviceLevel: number;
  /** Seconds. */
  readonly shortAbandoned: number;
}

/**
 * What one log entry adds to a queue's (or the workspace's) sums. `scope` "workspace" counts a
 * task entering once, not again on each escalation.
 */
export function deltaOf(
  entry: EngineLogEntry,
  thresholds: Thresholds,
  scope: 'queue' | 'workspace',
): Partial<StatSums> | undefined {
  switch (entry.type) {
    case 'task.queued':
      if (scope === 'workspace' && entry.reason === 'escalated') return undefined;
      return { entered: 1 };
    case 'reservation.status':
      switch (entry.status) {
        case 'pending':
          return { reservationsCreated: 1 };
        case 'accepted': {
          const wait = (scope === 'queue' ? entry.waitSeconds : entry.totalWaitSeconds) ?? 0;
          return {
            reservationsAccepted: 1,
            accepted: 1,
            waitSum: wait,
            acceptedWithinSla: wait <= thresholds.serviceLevel ? 1 : 0,
          };
        }
        case 'rejected':
          return { reservationsRejected: 1 };
        case 'timeout':
          return { reservationsTimedOut: 1 };
        case 'canceled':
          return { reservationsCanceled: 1 };
        case 'rescinded':
          return { reservationsRescinded: 1 };
        default:
          return undefined;
      }
    case 'task.status':
      if (entry.status === 'completed') {
        if (!entry.handled) return { completed: 1 };
        const wait = (scope === 'queue' ? entry.waitSeconds : entry.totalWaitSeconds) ?? 0;
        return {
          completed: 1,
          handled: 1,
          handledWithinSla: wait <= thresholds.serviceLevel ? 1 : 0,
          handleSum: entry.handleSeconds ?? 0,
          talkSum: entry.talkSeconds ?? 0,
          wrapupSum: entry.wrapupSeconds ?? 0,
        };
      }
      if (entry.status === 'canceled') {
        if (!entry.abandoned) return { canceled: 1 };
        const wait = (scope === 'queue' ? entry.waitSeconds : entry.totalWaitSeconds) ?? 0;
        return {
          canceled: 1,
          abandoned: 1,
          abandonSum: wait,
          shortAbandoned: wait < thresholds.shortAbandoned ? 1 : 0,
        };
      }
      return undefined;
    case 'transfer':
      return entry.status === 'completed' ? { transferredOut: 1 } : undefined;
    default:
      return undefined;
  }
}

function addInto(sums: StatSums, delta: Partial<StatSums>, sign: 1 | -1): void {
  for (const key in delta) {
    const k = key as keyof StatSums;
    sums[k] += sign * (delta[k] ?? 0);
  }
}

const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0);
const avg = (sum: number, count: number): number => (count > 0 ? Math.round((sum / count) * 100) / 100 : 0);

/** Turns sums into the published figures. Percentages have two decimals; averages are seconds. */
export function toCumulative(s: StatSums): CumulativeStatistics {
  return {
    tasksEntered: s.entered,
    tasksAccepted: s.accepted,
    tasksCompleted: s.completed,
    tasksCanceled: s.canceled,
    tasksHandled: s.handled,
    handledWithinSla: s.handledWithinSla,
    handledWithinSlaPct: pct(s.handledWithinSla, s.handled),
    serviceLevelPct: pct(s.acceptedWithinSla, s.accepted + s.abandoned),
    abandoned: s.abandoned,
    abandonedPct: pct(s.abandoned, s.entered),
    shortAbandoned: s.shortAbandoned,
    shortAbandonedPct: pct(s.shortAbandoned, s.entered),
    avgWaitTime: avg(s.waitSum, s.accepted),
    avgAbandonTime: avg(s.abandonSum, s.abandoned),
    avgHandleTime: avg(s.handleSum, s.handled),
    avgTalkTime: avg(s.talkSum, s.handled),
    avgWrapupTime: avg(s.wrapupSum, s.handled),
    reservationsCreated: s.reservationsCreated,
    reservationsAccepted: s.reservationsAccepted,
    reservationsRejected: s.reservationsRejected,
    reservationsTimedOut: s.reservationsTimedOut,
    reservationsCanceled: s.reservationsCanceled,
    reservationsRescinded: s.reservationsRescinded,
    transferredOut: s.transferredOut,
    transferredOutPct: pct(s.transferredOut, s.accepted),
  };
}

export const THIRTY_MINUTES = 30 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

/** Start of the "today" window that contains `at`, given a daily reset time and a zone offset. */
export function dayStart(at: number, resetMinutes: number, offsetMinutes: number): number {
  const shift = (resetMinutes - offsetMinutes) * 60 * 1000;
  return Math.floor((at - shift) / DAY) * DAY + shift;
}

/**
 * Cumulative figures for one scope: "today" since the last reset, and an exact sliding window of
 * the last 30 minutes (each delta is added once and subtracted once when it leaves the window).
 */
export class CumulativeCollector {
  private today = emptySums();
  private readonly window = emptySums();
  private readonly facts: { at: number; delta: Partial<StatSums> }[] = [];
  private head = 0;
  private dayStartedAt: number;

  constructor(
    private readonly thresholds: Thresholds,
    private readonly scope: 'queue' | 'workspace',
    private readonly resetMinutes: number,
    private readonly offsetMinutes: number,
    now: number,
  ) {
    this.dayStartedAt = dayStart(now, resetMinutes, offsetMinutes);
  }

  record(entry: EngineLogEntry): void {
    const delta = deltaOf(entry, this.thresholds, this.scope);
    if (!delta) return;
    this.roll(entry.at);
    addInto(this.today, delta, 1);
    addInto(this.window, delta, 1);
    this.facts.push({ at: entry.at, delta });
  }

  /** Brings the windows up to `now`: resets today after the reset time, expires old facts. */
  roll(now: number): void {
    const start = dayStart(now, this.resetMinutes, this.offsetMinutes);
    if (start > this.dayStartedAt) {
      this.dayStartedAt = start;
      this.today = emptySums();
    }
    const limit = now - THIRTY_MINUTES;
    while (this.head < this.facts.length && this.facts[this.head].at <= limit) {
      addInto(this.window, this.facts[this.head].delta, -1);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.facts.length) {
      this.facts.splice(0, this.head);
      this.head = 0;
    }
  }

  /** When today's figures were last reset. */
  get resetAt(): number {
    return this.dayStartedAt;
  }

  todayFigures(now: number): CumulativeStatistics {
    this.roll(now);
    return toCumulative(this.today);
  }

  thirtyMinuteFigures(now: number): CumulativeStatistics {
    this.roll(now);
    return toCumulative(this.window);
  }
}
