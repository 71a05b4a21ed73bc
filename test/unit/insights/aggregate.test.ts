import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { aggregate, emptySums, figuresOf, localDayStarts } from '../../../src/core/insights/aggregate.js';
import { eventsOfRow, foldEvents } from '../../../src/core/insights/fold.js';
import { InteractionTable } from '../../../src/core/insights/table.js';
import { DEFAULT_THRESHOLDS, type InsightsEvent, type InsightsQuery, type InsightsSums } from '../../../src/core/insights/types.js';

const QUEUES = ['WQa', 'WQb', 'WQc'];
const CHANNELS = ['voice', 'chat', 'email'];
const WORKERS = ['WKa', 'WKb', 'WKc', 'WKd'];
const DISPOSITIONS = ['Resolved', 'Escalated', 'Follow-up needed', ''];
const BASE = new Date(2025, 2, 28, 0, 0, 0).getTime(); // spans the spring DST change in many zones
const SPAN = 5 * 86_400_000;

/** One task's life as generated: offsets in ms and choices, turned into events below. */
const taskArb = fc.record({
  created: fc.integer({ min: 0, max: SPAN }),
  queue: fc.integer({ min: 0, max: 2 }),
  channel: fc.integer({ min: 0, max: 2 }),
  wait: fc.oneof(fc.integer({ min: 0, max: 120_000 }), fc.constantFrom(0, 4999, 5000, 20_000, 20_001)),
  outcome: fc.constantFrom('handled', 'abandoned', 'open', 'canceled-after-accept'),
  workers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
  holds: fc.array(fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 90_000 })), { maxLength: 3 }),
  talk: fc.integer({ min: 0, max: 900_000 }),
  wrap: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: undefined }),
  transfers: fc.integer({ min: 0, max: 2 }),
  disposition: fc.integer({ min: 0, max: 3 }),
  unholdMissing: fc.boolean(),
});

type TaskSpec = ReturnType<typeof taskArb.generate> extends fc.Value<infer T> ? T : never;

function eventsOf(spec: TaskSpec, n: number): InsightsEvent[] {
  const taskSid = `WT${n}`;
  const t0 = BASE + spec.created;
  const events: InsightsEvent[] = [{ type: 'task.created', at: t0, taskSid, queueSid: QUEUES[spec.queue], channel: CHANNELS[spec.channel] }];
  if (spec.outcome === 'abandoned') {
    events.push({ type: 'task.canceled', at: t0 + spec.wait, taskSid });
    return events;
  }
  let t = t0 + spec.wait;
  for (const [k, worker] of spec.workers.entries()) {
    events.push({ type: 'reservation.accepted', at: t, taskSid, workerSid: WORKERS[worker] });
    if (k < spec.transfers) events.push({ type: 'task.transferred', at: t, taskSid });
  }
  for (const [gap, length] of spec.holds) {
    t += gap;
    events.push({ type: 'task.hold', at: t, taskSid });
    t += length;
    if (!spec.unholdMissing) events.push({ type: 'task.unhold', at: t, taskSid });
  }
  t += spec.talk;
  if (spec.outcome === 'open') return events;
  if (spec.outcome === 'canceled-after-accept') {
    events.push({ type: 'task.canceled', at: t, taskSid });
    return events;
  }
  if (spec.wrap !== undefined) {
    events.push({ type: 'task.wrapup', at: t, taskSid });
    t += spec.wrap;
  }
  events.push({ type: 'task.completed', at: t, taskSid, disposition: DISPOSITIONS[spec.disposition] });
  return events;
}

/**
 * The recount: straight from the raw events, task by task, with none of the fold's or the
 * aggregation's code.
 */
function recount(events: readonly InsightsEvent[], query: InsightsQuery): { totals: InsightsSums; byQueue: Map<string, InsightsSums>; byHour: InsightsSums[]; byDay: InsightsSums[] } {
  const byTask = new Map<string, InsightsEvent[]>();
  for (const e of events) if ('taskSid' in e) byTask.set(e.taskSid, [...(byTask.get(e.taskSid) ?? []), e]);
  const totals = emptySums();
  const byQueue = new Map<string, InsightsSums>();
  const byHour = Array.from({ length: 24 }, emptySums);
  const days = localDayStarts(query.from, query.to);
  const byDay = days.map(emptySums);
  for (const list of byTask.values()) {
    const created = list.find((e) => e.type === 'task.created');
    const end = list.find((e) => e.type === 'task.completed' || e.type === 'task.canceled');
    if (!created || created.type !== 'task.created' || !end) continue;
    if (created.at < query.from || created.at >= query.to) continue;
    if (query.queueSid && created.queueSid !== query.queueSid) continue;
    if (query.channel && created.channel !== query.channel) continue;
    const accepts = list.filter((e) => e.type === 'reservation.accepted');
    const worker = accepts.length ? (accepts[accepts.length - 1] as { workerSid: string }).workerSid : '';
    if (query.workerSid && worker !== query.workerSid) continue;
    const sums: InsightsSums[] = [totals];
    if (!byQueue.has(created.queueSid)) byQueue.set(created.queueSid, emptySums());
    sums.push(byQueue.get(created.queueSid)!);
    let day = days.length - 1;
    while (created.at < days[day]) day--;
    sums.push(byDay[day]);
    // Hours since local midnight (the clock hour, except on a DST change day).
    sums.push(byHour[Math.min(23, Math.floor((created.at - days[day]) / 3_600_000))]);
    for (const s of sums) {
      s.entered++;
      if (accepts.length === 0) {
        if (end.type === 'task.canceled') {
          s.abandoned++;
          if (end.at - created.at < 5000) s.shortAbandoned++;
        }
        continue;
      }
      const accepted = accepts[0].at;
      const wrapEvent = list.find((e) => e.type === 'task.wrapup');
      const talkEnd = wrapEvent ? wrapEvent.at : end.at;
      let hold = 0;
      let holding: number | undefined;
      for (const e of list) {
        if (e.type === 'task.hold' && holding === undefined && (!wrapEvent || e.at < wrapEvent.at)) holding = e.at;
        else if ((e.type === 'task.unhold' || e.type === 'task.wrapup' || e === end) && holding !== undefined) {
          hold += e.at - holding;
          holding = undefined;
        }
      }
      s.handled++;
      s.answerWaitMs += accepted - created.at;
      if (accepted - created.at <= 20_000) s.answeredInSla++;
      s.holdMs += hold;
      s.talkMs += talkEnd - accepted - hold;
      s.wrapMs += end.at - talkEnd;
      const transferred = list.some((e) => e.type === 'task.transferred');
      if (transferred) s.transferred++;
      else if (end.type === 'task.completed' && end.disposition === 'Resolved') s.resolvedFirstContact++;
    }
  }
  return { totals, byQueue, byHour, byDay };
}

const queryArb = fc.record({
  from: fc.integer({ min: -86_400_000, max: SPAN }),
  length: fc.integer({ min: 1, max: SPAN + 86_400_000 }),
  queueSid: fc.option(fc.constantFrom(...QUEUES, 'WQnone'), { nil: undefined }),
  channel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
  workerSid: fc.option(fc.constantFrom(...WORKERS), { nil: undefined }),
});

describe('Insights aggregation', () => {
  it('agrees exactly with a recount from the raw events, for any events and query', () => {
    fc.assert(
      fc.property(fc.array(taskArb, { maxLength: 60 }), queryArb, (specs, q) => {
        const events = specs.flatMap((spec, n) => eventsOf(spec, n));
        // Time order across tasks; each task's own order is kept for equal times (a stable sort).
        events.sort((a, b) => a.at - b.at);
        const { rows } = foldEvents(events);
        const table = new InteractionTable();
        for (const row of rows) table.append(row);
        const query: InsightsQuery = {
          from: BASE + q.from,
          to: BASE + q.from + q.length,
          ...(q.queueSid ? { queueSid: q.queueSid } : {}),
          ...(q.channel ? { channel: q.channel } : {}),
          ...(q.workerSid ? { workerSid: q.workerSid } : {}),
        };
        const dashboard = aggregate(table, query, DEFAULT_THRESHOLDS, { now: BASE + SPAN * 2, queueNames: new Map(QUEUES.map((s) => [s, s])), agentNames: new Map() });
        const expected = recount(events, query);
        assert.deepEqual(dashboard.totals, figuresOf(expected.totals));
        for (const row of dashboard.queues) assert.deepEqual(row.figures, figuresOf(expected.byQueue.get(row.queueSid) ?? emptySums()), row.queueSid);
        // The Queues rows add up to the totals.
        assert.equal(dashboard.queues.reduce((n, r) => n + r.figures.handled, 0), dashboard.totals.handled);
        assert.deepEqual(dashboard.byDay.map((b) => b.figures), expected.byDay.map(figuresOf));
        assert.equal(dashboard.byHour.reduce((n, b) => n + b.figures.entered, 0), dashboard.totals.entered);
        assert.equal(dashboard.agents.reduce((n, a) => n + a.figures.handled, 0), dashboard.totals.handled);
      }),
      { numRuns: 300 },
    );
  });

  it('folds the events of a row back into the same row', () => {
    fc.assert(
      fc.property(fc.array(taskArb, { maxLength: 20 }), (specs) => {
        const events = specs.flatMap((spec, n) => eventsOf(spec, n)).sort((a, b) => a.at - b.at);
        const { rows } = foldEvents(events);
        const again = foldEvents(rows.flatMap(eventsOfRow).sort((a, b) => a.at - b.at)).rows;
        const byId = (list: typeof rows) => [...list].sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({ ...r, endedAt: 0 }));
        assert.deepEqual(byId(again), byId(rows).map((r) => ({ ...r, transfers: r.handled ? r.transfers : 0 })));
      }),
      { numRuns: 100 },
    );
  });

  it('counts occupancy and utilisation from the agents’ activity', () => {
    const table = new InteractionTable();
    const h = 3_600_000;
    table.appendActivity({ workerSid: 'WKa', at: BASE + 8 * h, status: 'available' });
    table.appendActivity({ workerSid: 'WKa', at: BASE + 12 * h, status: 'unavailable' });
    table.appendActivity({ workerSid: 'WKa', at: BASE + 13 * h, status: 'offline' });
    const { rows } = foldEvents([
      { type: 'task.created', at: BASE + 9 * h, taskSid: 'WT1', queueSid: 'WQa', channel: 'voice' },
      { type: 'reservation.accepted', at: BASE + 9 * h, taskSid: 'WT1', workerSid: 'WKa' },
      { type: 'task.wrapup', at: BASE + 10 * h, taskSid: 'WT1' },
      { type: 'task.completed', at: BASE + 10 * h, taskSid: 'WT1', disposition: 'Resolved' },
    ]);
    table.append(rows[0]);
    const d = aggregate(table, { from: BASE, to: BASE + 24 * h }, DEFAULT_THRESHOLDS, { now: BASE + 30 * h, queueNames: new Map(), agentNames: new Map([['WKa', 'Alex']]) });
    const agent = d.agents.find((a) => a.workerSid === 'WKa')!;
    assert.equal(agent.availableMs, 4 * h);
    assert.equal(agent.loggedInMs, 5 * h);
    assert.equal(agent.occupancyPct, 25);
    assert.equal(agent.utilisationPct, 20);
    assert.equal(d.totals.fcrPct, 100);
  });
});
