import { ActivityLog } from './activity.js';
import type { InteractionTable } from './table.js';
import type {
  AgentFigures,
  Dashboard,
  InsightsBucket,
  InsightsFigures,
  InsightsQuery,
  InsightsSums,
  InsightsThresholds,
  QueueFigures,
} from './types.js';

export function emptySums(): InsightsSums {
  return {
    entered: 0,
    handled: 0,
    abandoned: 0,
    shortAbandoned: 0,
    answeredInSla: 0,
    answerWaitMs: 0,
    talkMs: 0,
    holdMs: 0,
    wrapMs: 0,
    transferred: 0,
    resolvedFirstContact: 0,
  };
}

const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0);
const avgSeconds = (ms: number, count: number): number => (count > 0 ? Math.round(ms / count / 10) / 100 : 0);

/**
 * The published figures of a set of sums:
 *
 * - service level: handled within the threshold ÷ (handled + abandoned);
 * - ASA: wait ÷ handled; AHT: (talk + hold + wrap) ÷ handled, and each part ÷ handled;
 * - abandonment and short abandonment: ÷ entered;
 * - transfers and first-contact resolution: ÷ handled.
 */
export function figuresOf(s: InsightsSums): InsightsFigures {
  return {
    ...s,
    serviceLevelPct: pct(s.answeredInSla, s.handled + s.abandoned),
    asa: avgSeconds(s.answerWaitMs, s.handled),
    aht: avgSeconds(s.talkMs + s.holdMs + s.wrapMs, s.handled),
    avgTalk: avgSeconds(s.talkMs, s.handled),
    avgHold: avgSeconds(s.holdMs, s.handled),
    avgWrap: avgSeconds(s.wrapMs, s.handled),
    abandonedPct: pct(s.abandoned, s.entered),
    shortAbandonedPct: pct(s.shortAbandoned, s.entered),
    transferPct: pct(s.transferred, s.handled),
    fcrPct: pct(s.resolvedFirstContact, s.handled),
  };
}

/** Midnights (local time) from the day of `from` up to `to`: the day buckets' starts. */
export function localDayStarts(from: number, to: number): number[] {
  const starts: number[] = [];
  const day = new Date(from);
  day.setHours(0, 0, 0, 0);
  while (day.getTime() < to && starts.length < 1000) {
    starts.push(day.getTime());
    day.setDate(day.getDate() + 1);
  }
  return starts;
}

/** Which rows a query selects: the dictionary ids of its filters (-1: matches nothing). */
export interface CompiledQuery {
  readonly from: number;
  readonly to: number;
  readonly queue: number | undefined;
  readonly channel: number | undefined;
  /** Worker index + 1, as the table stores it. */
  readonly worker: number | undefined;
}

export function compileQuery(table: InteractionTable, query: InsightsQuery): CompiledQuery {
  const lookup = (dictionary: { find(v: string): number | undefined }, value: string | undefined, offset = 0) =>
    value === undefined || value === '' ? undefined : (() => {
      const id = dictionary.find(value);
      return id === undefined ? -1 : id + offset;
    })();
  return {
    from: query.from,
    to: query.to,
    queue: lookup(table.queues, query.queueSid),
    channel: lookup(table.channels, query.channel),
    worker: lookup(table.workers, query.workerSid, 1),
  };
}

export function matches(table: InteractionTable, i: number, q: CompiledQuery): boolean {
  const created = table.created[i];
  return (
    created >= q.from &&
    created < q.to &&
    (q.queue === undefined || table.queue[i] === q.queue) &&
    (q.channel === undefined || table.channel[i] === q.channel) &&
    (q.worker === undefined || table.worker[i] === q.worker)
  );
}

/** Adds row i of the table to the sums. */
export function addRow(sums: InsightsSums, table: InteractionTable, i: number, t: InsightsThresholds, resolved: ReadonlySet<number>): void {
  sums.entered++;
  if (table.handled(i)) {
    const wait = table.wait[i];
    sums.handled++;
    sums.answerWaitMs += wait;
    if (wait <= t.serviceLevel * 1000) sums.answeredInSla++;
    sums.talkMs += table.talk[i];
    sums.holdMs += table.hold[i];
    sums.wrapMs += table.wrap[i];
    const transferred = table.transfers[i] > 0;
    if (transferred) sums.transferred++;
    else if (resolved.has(table.disposition[i])) sums.resolvedFirstContact++;
  } else if (table.abandoned(i)) {
    sums.abandoned++;
    if (table.wait[i] < t.shortAbandoned * 1000) sums.shortAbandoned++;
  }
}

export interface AggregateOptions {
  /** The contact center's clock: activity is counted up to here at most. */
  readonly now: number;
  readonly queueNames: ReadonlyMap<string, string>;
  readonly agentNames: ReadonlyMap<string, string>;
  /** Evaluation scores by interaction id (for the agents' averages). */
  readonly scores?: ReadonlyMap<string, number>;
}

/**
 * The dashboard for a query: totals, volume by hour of day and by day, and one row per queue
 * and per agent. Every row of `queues` and of `agents` is a subset of the totals' rows, and each
 * selected interaction is in exactly one queue row, so the queues' sums add up to the totals.
 */
export function aggregate(table: InteractionTable, query: InsightsQuery, t: InsightsThresholds, options: AggregateOptions): Dashboard {
  const q = compileQuery(table, query);
  const resolved = new Set<number>();
  for (const name of t.resolvedDispositions) {
    const id = table.dispositions.find(name);
    if (id !== undefined) resolved.add(id);
  }
  const totals = emptySums();
  const hours = Array.from({ length: 24 }, emptySums);
  const dayStarts = localDayStarts(query.from, query.to);
  const days = dayStarts.map(emptySums);
  const queues = new Map<number, InsightsSums>();
  const agents = new Map<number, InsightsSums>();
  const scoreSums = new Map<number, { sum: number; count: number }>();
  const scores = options.scores && options.scores.size > 0 ? options.scores : undefined;
  const firstDay = dayStarts[0] ?? query.from;
  const n = table.length;
  let day = 0;
  for (let i = 0; i < n; i++) {
    if (!matches(table, i, q)) continue;
    addRow(totals, table, i, t, resolved);
    const created = table.created[i];
    // Day buckets: a guess from the first midnight, corrected for DST-length days.
    day = Math.min(dayStarts.length - 1, Math.max(0, Math.floor((created - firstDay) / 86_400_000)));
    while (day > 0 && created < dayStarts[day]) day--;
    while (day + 1 < dayStarts.length && created >= dayStarts[day + 1]) day++;
    if (days[day]) addRow(days[day], table, i, t, resolved);
    const hour = Math.min(23, Math.floor((created - (dayStarts[day] ?? firstDay)) / 3_600_000));
    addRow(hours[hour], table, i, t, resolved);
    const qi = table.queue[i];
    let qs = queues.get(qi);
    if (!qs) queues.set(qi, (qs = emptySums()));
    addRow(qs, table, i, t, resolved);
    const wi = table.worker[i];
    if (wi !== 0) {
      let ws = agents.get(wi);
      if (!ws) agents.set(wi, (ws = emptySums()));
      addRow(ws, table, i, t, resolved);
      if (scores) {
        const score = scores.get(table.ids[i]);
        if (score !== undefined) {
          const entry = scoreSums.get(wi) ?? { sum: 0, count: 0 };
          entry.sum += score;
          entry.count++;
          scoreSums.set(wi, entry);
        }
      }
    }
  }
  // Every known queue gets a row (zero when quiet), unless the query names one.
  const queueRows: QueueFigures[] = [];
  const queueSids = new Set<string>(query.queueSid ? [query.queueSid] : [...options.queueNames.keys()]);
  for (const qi of queues.keys()) queueSids.add(table.queues.values[qi]);
  for (const sid of queueSids) {
    const qi = table.queues.find(sid);
    queueRows.push({
      queueSid: sid,
      name: options.queueNames.get(sid) ?? sid,
      figures: figuresOf((qi !== undefined && queues.get(qi)) || emptySums()),
    });
  }
  const end = Math.min(query.to, options.now);
  const agentSids = new Set<string>();
  for (const wi of agents.keys()) agentSids.add(table.workers.values[wi - 1]);
  if (query.workerSid) agentSids.add(query.workerSid);
  else if (query.queueSid === undefined && query.channel === undefined) {
    // Signed-in agents with nothing handled still have a row (their occupancy is 0).
    for (const sid of options.agentNames.keys()) {
      const [, unavailable, available] = table.timeInStatus(sid, query.from, end);
      if (unavailable + available > 0) agentSids.add(sid);
    }
  }
  const agentRows: AgentFigures[] = [];
  for (const sid of agentSids) {
    if (query.workerSid && sid !== query.workerSid) continue;
    const wi = (table.workers.find(sid) ?? -2) + 1;
    const sums = agents.get(wi) ?? emptySums();
    const [, unavailable, available] = table.timeInStatus(sid, query.from, end);
    const handleMs = sums.talkMs + sums.holdMs + sums.wrapMs;
    const score = scoreSums.get(wi);
    agentRows.push({
      workerSid: sid,
      name: options.agentNames.get(sid) ?? sid,
      figures: figuresOf(sums),
      loggedInMs: unavailable + available,
      availableMs: available,
      occupancyPct: pct(handleMs, available),
      utilisationPct: pct(handleMs, unavailable + available),
      evaluations: score?.count ?? 0,
      ...(score ? { averageScore: Math.round((score.sum / score.count) * 10) / 10 } : {}),
    });
  }
  const bucket = (start: number, sums: InsightsSums): InsightsBucket => ({ start, figures: figuresOf(sums) });
  return {
    query,
    totals: figuresOf(totals),
    byHour: hours.map((sums, hour) => bucket(hour, sums)),
    byDay: days.map((sums, k) => bucket(dayStarts[k], sums)),
    queues: queueRows,
    agents: agentRows,
  };
}

function addSums(into: InsightsSums, s: InsightsSums): void {
  for (const key of Object.keys(into) as (keyof InsightsSums)[]) into[key] += s[key];
}

/** What a store answers for a dashboard: sums per hour since `from`, per queue, per agent, and the agents' activity. */
export interface DashboardSums {
  readonly hours: readonly { bucket: number; sums: InsightsSums }[];
  readonly queues: readonly { queueSid: string; sums: InsightsSums }[];
  readonly agents: readonly { workerSid: string; sums: InsightsSums }[];
  readonly activity: readonly { workerSid: string; at: number; status: 'available' | 'unavailable' | 'offline' }[];
  readonly evaluations: readonly { interactionId: string; agent: string; score: number }[];
}

/**
 * The dashboard from a database's sums (the companion server's GROUP BYs): the same figures as
 * `aggregate` over the same interactions, since every figure is a ratio of sums and an hour
 * since a local midnight falls in exactly one local day and hour of day.
 */
export function dashboardFromSums(query: InsightsQuery, parts: DashboardSums, options: AggregateOptions): Dashboard {
  const dayStarts = localDayStarts(query.from, query.to);
  const totals = emptySums();
  const hours = Array.from({ length: 24 }, emptySums);
  const days = dayStarts.map(emptySums);
  for (const { bucket, sums } of parts.hours) {
    addSums(totals, sums);
    const start = query.from + bucket * 3_600_000;
    let day = dayStarts.length - 1;
    while (day > 0 && start < dayStarts[day]) day--;
    if (days[day]) addSums(days[day], sums);
    addSums(hours[Math.min(23, Math.max(0, Math.floor((start - (dayStarts[day] ?? query.from)) / 3_600_000)))], sums);
  }
  const activity = new ActivityLog();
  for (const change of parts.activity) activity.append(change);
  const queueSids = new Set<string>(query.queueSid ? [query.queueSid] : [...options.queueNames.keys()]);
  for (const q of parts.queues) queueSids.add(q.queueSid);
  const queueSums = new Map(parts.queues.map((q) => [q.queueSid, q.sums]));
  const queues: QueueFigures[] = [...queueSids].map((sid) => ({
    queueSid: sid,
    name: options.queueNames.get(sid) ?? sid,
    figures: figuresOf(queueSums.get(sid) ?? emptySums()),
  }));
  const end = Math.min(query.to, options.now);
  const agentSums = new Map(parts.agents.map((a) => [a.workerSid, a.sums]));
  const agentSids = new Set<string>(agentSums.keys());
  if (query.workerSid) agentSids.add(query.workerSid);
  else if (query.queueSid === undefined && query.channel === undefined) {
    for (const sid of activity.workers()) {
      const [, unavailable, available] = activity.timeInStatus(sid, query.from, end);
      if (unavailable + available > 0) agentSids.add(sid);
    }
  }
  // An interaction's score is the mean of its evaluators'; an agent's, the mean of their interactions'.
  const byInteraction = new Map<string, { agent: string; sum: number; count: number }>();
  for (const e of parts.evaluations) {
    const entry = byInteraction.get(e.interactionId) ?? { agent: e.agent, sum: 0, count: 0 };
    entry.sum += e.score;
    entry.count++;
    byInteraction.set(e.interactionId, entry);
  }
  const scores = new Map<string, { sum: number; count: number }>();
  for (const { agent, sum, count } of byInteraction.values()) {
    const entry = scores.get(agent) ?? { sum: 0, count: 0 };
    entry.sum += Math.round((sum / count) * 10) / 10;
    entry.count++;
    scores.set(agent, entry);
  }
  const agents: AgentFigures[] = [];
  for (const sid of agentSids) {
    if (query.workerSid && sid !== query.workerSid) continue;
    const sums = agentSums.get(sid) ?? emptySums();
    const [, unavailable, available] = activity.timeInStatus(sid, query.from, end);
    const handleMs = sums.talkMs + sums.holdMs + sums.wrapMs;
    const score = scores.get(sid);
    agents.push({
      workerSid: sid,
      name: options.agentNames.get(sid) ?? sid,
      figures: figuresOf(sums),
      loggedInMs: unavailable + available,
      availableMs: available,
      occupancyPct: pct(handleMs, available),
      utilisationPct: pct(handleMs, unavailable + available),
      evaluations: score?.count ?? 0,
      ...(score ? { averageScore: Math.round((score.sum / score.count) * 10) / 10 } : {}),
    });
  }
  return {
    query,
    totals: figuresOf(totals),
    byHour: hours.map((sums, hour) => ({ start: hour, figures: figuresOf(sums) })),
    byDay: days.map((sums, k) => ({ start: dayStarts[k], figures: figuresOf(sums) })),
    queues,
    agents,
  };
}
