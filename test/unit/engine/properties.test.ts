import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ContactCenterEngine } from '../../../src/engine/engine.js';
import { VirtualClock } from '../../../src/engine/clock.js';
import type { EngineLogEntry } from '../../../src/engine/log.js';
import type { CumulativeStatistics } from '../../../src/core/model.js';

const SKILLS = ['a', 'b', 'c'];
const CHANNELS = ['voice', 'chat'];

const configArb = fc.record({
  workers: fc.array(
    fc.record({
      skills: fc.subarray(SKILLS, { minLength: 1 }),
      chat: fc.integer({ min: 0, max: 3 }),
      available: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  queues: fc.array(
    fc.record({
      skill: fc.constantFrom(...SKILLS),
      serviceLevel: fc.constantFrom(0, 5, 10, 20, 30, 60),
      shortAbandoned: fc.constantFrom(0, 5, 10, 20),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  /** Seconds a workflow task waits in the first queue before it escalates to the last one. */
  escalateAfter: fc.constantFrom(5, 20, 60),
  statistics: fc.record({
    serviceLevel: fc.constantFrom(0, 5, 10, 20, 30, 60),
    shortAbandoned: fc.constantFrom(0, 5, 10, 20),
    /** Minutes after the run starts at which the daily reset falls (so most runs cross it). */
    resetAfter: fc.integer({ min: 0, max: 90 }),
    /** The reset time zone's offset from UTC. */
    offset: fc.constantFrom(0, 60, -300, 330, 840, -720),
  }),
});

const pickOp = <K extends string>(kind: K) => fc.record({ kind: fc.constant(kind), pick: fc.nat() });

const opArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      queue: fc.nat(),
      channel: fc.constantFrom(...CHANNELS),
      priority: fc.integer({ min: 0, max: 3 }),
      viaWorkflow: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: pickOp('accept') },
  { weight: 1, arbitrary: pickOp('reject') },
  { weight: 2, arbitrary: pickOp('wrap') },
  { weight: 2, arbitrary: pickOp('complete') },
  { weight: 1, arbitrary: pickOp('cancel') },
  { weight: 1, arbitrary: pickOp('transfer') },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('activity' as const), worker: fc.nat(), available: fc.boolean() }),
  },
  // Whole 10 ms steps keep every duration exact in the log's two-decimal seconds; some are 0, so
  // waits land exactly on a threshold.
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(
        fc.constantFrom(0, 1000, 5000, 10_000),
        fc.integer({ min: 0, max: 4_000 }).map((n) => n * 10),
      ),
    }),
  },
  // Long gaps carry runs across the daily reset and the 30-minute window's edge.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 1, max: 1_200 }).map((n) => n * 1000),
    }),
  },
);

type Config = typeof configArb extends fc.Arbitrary<infer C> ? C : never;

const START = Date.UTC(2025, 0, 6, 9);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The local "HH:MM" that falls `resetAfter` minutes after START in a zone `offset` minutes from UTC. */
function resetTimeOf(config: Config): string {
  const local = (((START + (config.statistics.resetAfter + config.statistics.offset) * MINUTE) % DAY) + DAY) % DAY;
  const minutes = local / MINUTE;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function run(config: Config, ops: readonly unknown[]) {
  const clock = new VirtualClock(START);
  const seen = new Set<string>();
  const queueConfigs = config.queues
    .filter((q) => !seen.has(q.skill) && seen.add(q.skill))
    .map((q) => ({
      name: `Q-${q.skill}`,
      targetWorkers: `skills HAS "${q.skill}"`,
      serviceLevelThreshold: q.serviceLevel,
      shortAbandonedThreshold: q.shortAbandoned,
    }));
  const first = queueConfigs[0].name;
  const last = queueConfigs[queueConfigs.length - 1].name;
  const engine = new ContactCenterEngine(
    {
      queues: queueConfigs,
      // With two queues or more, workflow tasks escalate from the first to the last.
      workflows:
        first === last
          ? []
          : [
              {
                name: 'Escalating',
                filters: [
                  {
                    expression: 'escalate == true',
                    targets: [
                      { queue: first, timeout: config.escalateAfter },
                      { queue: last, priority: 2 },
                    ],
                  },
                ],
                defaultTarget: { queue: first },
              },
            ],
      statistics: {
        resetTime: resetTimeOf(config),
        timeZoneOffsetMinutes: config.statistics.offset,
        serviceLevelThreshold: config.statistics.serviceLevel,
        shortAbandonedThreshold: config.statistics.shortAbandoned,
      },
      channels: [
        { name: 'voice', capacity: 1 },
        { name: 'chat', capacity: 2 },
      ],
      workers: config.workers.map((w, i) => ({
        name: `W${i}`,
        skills: Object.fromEntries(w.skills.map((s) => [s, 5])),
        capacity: { chat: w.chat },
        activity: w.available ? 'Available' : 'Offline',
      })),
      reservationTimeout: 30,
    },
    { clock },
  );
  const queues = engine.listQueues();
  const workers = engine.listWorkers();
  const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  for (const op of ops as ({ kind: string } & Record<string, never>)[]) {
    const tasks = engine.listTasks();
    try {
      switch (op.kind) {
        case 'create':
          if (op['viaWorkflow'] && first !== last)
            engine.createTask({ channel: op['channel'], attributes: { escalate: true } });
          else
            engine.createTask({
              channel: op['channel'],
              queueSid: pick(queues, op['queue'])!.sid,
              priority: op['priority'],
            });
          break;
        case 'accept':
        case 'reject': {
          const pending = engine.listReservations().filter((r) => r.status === 'pending');
          const r = pick(pending, op['pick']);
          if (r) op.kind === 'accept' ? engine.acceptReservation(r.sid) : engine.rejectReservation(r.sid);
          break;
        }
        case 'wrap':
        case 'complete':
        case 'transfer': {
          const assigned = tasks.filter(
            (t) => t.status === 'assigned' || (op.kind === 'complete' && t.status === 'wrapping'),
          );
          const t = pick(assigned, op['pick']);
          if (!t) break;
          if (op.kind === 'wrap') engine.wrapupTask(t.sid);
          else if (op.kind === 'complete') engine.completeTask(t.sid);
          else if (!t.transfer || t.transfer.status !== 'initiated')
            engine.transferTask(t.sid, { to: pick(queues, op['pick'])!.sid, mode: op['pick'] % 2 ? 'warm' : 'cold' });
          break;
        }
        case 'cancel': {
          const t = pick(
            tasks.filter((x) => x.status === 'pending' || x.status === 'reserved'),
            op['pick'],
          );
          if (t) engine.cancelTask(t.sid);
          break;
        }
        case 'activity':
          engine.setWorkerActivity(pick(workers, op['worker'])!.sid, op['available'] ? 'Available' : 'Break', {
            rejectPendingReservations: true,
          });
          break;
        case 'advance':
          clock.advance(op['ms']);
          break;
      }
    } catch (error) {
      // Only well-defined refusals are allowed (e.g. a transfer into a queue that lacks the channel).
      assert.equal((error as Error).name, 'EngineError', String(error));
    }
    checkInvariants(engine);
  }
  return { engine, clock };
}

function checkInvariants(engine: ContactCenterEngine): void {
  const holders = new Map<string, string>();
  for (const r of engine.listReservations()) {
    if (r.status === 'pending' || r.status === 'accepted' || r.status === 'wrapping') {
      assert.ok(!holders.has(r.taskSid), `task ${r.taskSid} held by two reservations`);
      holders.set(r.taskSid, r.workerSid);
    }
  }
  const load = new Map<string, number>();
  for (const t of engine.listTasks()) {
    const active = t.status === 'reserved' || t.status === 'assigned' || t.status === 'wrapping';
    assert.equal(active, holders.has(t.sid), `task ${t.sid} is ${t.status} but held=${holders.has(t.sid)}`);
    if (active) {
      assert.equal(t.workerSid, holders.get(t.sid));
      const key = `${t.workerSid}/${t.channel}`;
      load.set(key, (load.get(key) ?? 0) + 1);
    }
  }
  for (const w of engine.listWorkers()) {
    for (const [channel, c] of Object.entries(w.channels)) {
      const n = load.get(`${w.sid}/${channel}`) ?? 0;
      assert.equal(c.assigned, n, `worker ${w.name} ${channel} counter`);
      assert.ok(n <= c.capacity || n === 0, `worker ${w.name} over capacity on ${channel}: ${n} > ${c.capacity}`);
    }
  }
}

/**
 * The first moment of the "today" that contains `at`: the latest instant, at or before `at`, at which
 * the wall clock of a zone `offset` minutes from UTC reads `resetTime`.
 */
function lastReset(at: number, resetTime: string, offset: number): number {
  const [h, m] = resetTime.split(':').map(Number);
  const local = at + offset * MINUTE;
  const sinceMidnight = ((local % DAY) + DAY) % DAY;
  const sinceReset = (((sinceMidnight - (h * 60 + m) * MINUTE) % DAY) + DAY) % DAY;
  return local - sinceReset - offset * MINUTE;
}

interface Scope {
  /** A queue sid, or undefined for the workspace. */
  readonly queueSid?: string;
  readonly serviceLevel: number;
  readonly shortAbandoned: number;
}

/**
 * Recounts one scope's cumulative figures for entries with `from <= at` (today) or `from < at`
 * (the sliding window), straight from the log's times and statuses: waits, talk and wrap-up
 * times come from the times of the entries, never from the collectors or the entries' own
 * duration fields. A queue measures waits from the task entering it; the workspace from the
 * task's creation, and does not count a task again when it escalates.
 */
function recount(log: readonly EngineLogEntry[], scope: Scope, from: number, inclusive: boolean) {
  const createdAt = new Map<string, number>();
  const queuedAt = new Map<string, number>();
  const acceptedAt = new Map<string, number>();
  const waitAtAccept = new Map<string, number>();
  const wrapAt = new Map<string, number>();
  const n = {
    entered: 0,
    accepted: 0,
    acceptedWithinSla: 0,
    waitMs: 0,
    completed: 0,
    canceled: 0,
    handled: 0,
    handledWithinSla: 0,
    handleMs: 0,
    talkMs: 0,
    wrapupMs: 0,
    abandoned: 0,
    shortAbandoned: 0,
    abandonMs: 0,
    created: 0,
    reservationsAccepted: 0,
    rejected: 0,
    timedOut: 0,
    reservationsCanceled: 0,
    rescinded: 0,
    transferredOut: 0,
  };
  for (const e of log) {
    const task = e.taskSid!;
    const start = () => (scope.queueSid ? queuedAt.get(task)! : createdAt.get(task)!);
    if (e.type === 'task.created') createdAt.set(task, e.at);
    if (e.type === 'task.queued') queuedAt.set(task, e.at);
    if (e.type === 'task.status' && e.status === 'wrapping') wrapAt.set(task, e.at);
    if (e.type === 'reservation.status' && e.status === 'accepted') {
      acceptedAt.set(task, e.at);
      waitAtAccept.set(task, e.at - start());
    }
    const inWindow = inclusive ? e.at >= from : e.at > from;
    const inScope = scope.queueSid ? e.queueSid === scope.queueSid : e.queueSid !== undefined;
    if (!inWindow || !inScope) continue;
    if (e.type === 'task.queued' && (scope.queueSid || e.reason !== 'escalated')) n.entered++;
    if (e.type === 'reservation.status') {
      if (e.status === 'pending') n.created++;
      if (e.status === 'rejected') n.rejected++;
      if (e.status === 'timeout') n.timedOut++;
      if (e.status === 'canceled') n.reservationsCanceled++;
      if (e.status === 'rescinded') n.rescinded++;
      if (e.status === 'accepted') {
        const wait = waitAtAccept.get(task)!;
        n.reservationsAccepted++;
        n.accepted++;
        n.waitMs += wait;
        if (wait <= scope.serviceLevel * 1000) n.acceptedWithinSla++;
      }
    }
    if (e.type === 'task.status' && e.status === 'completed') {
      n.completed++;
      const accepted = acceptedAt.get(task);
      if (accepted !== undefined) {
        const wrap = wrapAt.get(task) ?? e.at;
        n.handled++;
        n.handleMs += e.at - accepted;
        n.talkMs += wrap - accepted;
        n.wrapupMs += e.at - wrap;
        if (waitAtAccept.get(task)! <= scope.serviceLevel * 1000) n.handledWithinSla++;
      }
    }
    if (e.type === 'task.status' && e.status === 'canceled') {
      n.canceled++;
      if (e.abandoned) {
        const wait = e.at - start();
        n.abandoned++;
        n.abandonMs += wait;
        if (wait < scope.shortAbandoned * 1000) n.shortAbandoned++;
      }
    }
    if (e.type === 'transfer' && e.status === 'completed') n.transferredOut++;
  }
  const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0);
  const avgSeconds = (ms: number, count: number) => (count > 0 ? ms / count / 1000 : 0);
  return {
    exact: {
      tasksEntered: n.entered,
      tasksAccepted: n.accepted,
      tasksCompleted: n.completed,
      tasksCanceled: n.canceled,
      tasksHandled: n.handled,
      handledWithinSla: n.handledWithinSla,
      handledWithinSlaPct: pct(n.handledWithinSla, n.handled),
      serviceLevelPct: pct(n.acceptedWithinSla, n.accepted + n.abandoned),
      abandoned: n.abandoned,
      abandonedPct: pct(n.abandoned, n.entered),
      shortAbandoned: n.shortAbandoned,
      shortAbandonedPct: pct(n.shortAbandoned, n.entered),
      reservationsCreated: n.created,
      reservationsAccepted: n.reservationsAccepted,
      reservationsRejected: n.rejected,
      reservationsTimedOut: n.timedOut,
      reservationsCanceled: n.reservationsCanceled,
      reservationsRescinded: n.rescinded,
      transferredOut: n.transferredOut,
      transferredOutPct: pct(n.transferredOut, n.accepted),
    } satisfies Partial<CumulativeStatistics>,
    /** Seconds; the engine publishes two decimals, so these match within 0.01 s. */
    averages: {
      avgWaitTime: avgSeconds(n.waitMs, n.accepted),
      avgAbandonTime: avgSeconds(n.abandonMs, n.abandoned),
      avgHandleTime: avgSeconds(n.handleMs, n.handled),
      avgTalkTime: avgSeconds(n.talkMs, n.handled),
      avgWrapupTime: avgSeconds(n.wrapupMs, n.handled),
    } satisfies Partial<CumulativeStatistics>,
  };
}

function assertFigures(actual: CumulativeStatistics, expected: ReturnType<typeof recount>, label: string): void {
  for (const [key, value] of Object.entries(expected.exact))
    assert.equal(actual[key as keyof CumulativeStatistics], value, `${label} ${key}`);
  for (const [key, value] of Object.entries(expected.averages)) {
    const got = actual[key as keyof CumulativeStatistics];
    assert.ok(Math.abs(got - value) <= 0.01 + 1e-9, `${label} ${key}: engine ${got}, recount ${value}`);
  }
}

/** Every queue's and the workspace's today and 30-minute figures equal a recount from the log. */
function checkStatistics(engine: ContactCenterEngine, config: Config): void {
  const now = engine.now();
  const todayFrom = lastReset(now, resetTimeOf(config), config.statistics.offset);
  assert.equal(engine.statisticsResetAt(), todayFrom, 'statisticsResetAt');
  const windowFrom = now - 30 * MINUTE;
  const scopes: { scope: Scope; stats: ReturnType<ContactCenterEngine['workspaceStatistics']> }[] = [
    {
      scope: { serviceLevel: config.statistics.serviceLevel, shortAbandoned: config.statistics.shortAbandoned },
      stats: engine.workspaceStatistics(),
    },
    ...engine.listQueues().map((q) => ({
      scope: { queueSid: q.sid, serviceLevel: q.serviceLevelThreshold, shortAbandoned: q.shortAbandonedThreshold },
      stats: engine.queueStatistics(q.sid),
    })),
  ];
  for (const { scope, stats } of scopes) {
    assertFigures(stats.today, recount(engine.log, scope, todayFrom, true), `${stats.name} today`);
    assertFigures(stats.thirtyMinutes, recount(engine.log, scope, windowFrom, false), `${stats.name} 30 min`);
  }
}

describe('engine properties', () => {
  it('keeps capacity, single assignment, terminal states and statistics consistent (statistics equal a recount from the event log)', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { maxLength: 80, size: 'max' }), (config, ops) => {
        const { engine, clock } = run(config, ops);
        checkStatistics(engine, config);
        // Drain: cancel what waits, finish what is held; every task ends in exactly one terminal state.
        for (const t of engine.listTasks()) {
          const now = engine.task(t.sid)!;
          if (now.status === 'pending' || now.status === 'reserved') engine.cancelTask(t.sid);
          else if (now.status === 'assigned' || now.status === 'wrapping') engine.completeTask(t.sid);
        }
        for (const t of engine.listTasks()) {
          const current = engine.task(t.sid)!;
          if (current.status === 'pending' || current.status === 'reserved') engine.cancelTask(t.sid);
        }
        checkInvariants(engine);
        for (const t of engine.listTasks()) {
          assert.ok(t.status === 'completed' || t.status === 'canceled', `task ${t.sid} is ${t.status}`);
          const terminal = engine.log.filter(
            (e) =>
              e.type === 'task.status' && e.taskSid === t.sid && (e.status === 'completed' || e.status === 'canceled'),
          );
          assert.equal(terminal.length, 1);
        }
        checkStatistics(engine, config);
        // The drain's entries are still in the 30-minute window 10 ms before 30 minutes, and out at 30.
        clock.advance(30 * MINUTE - 10);
        checkStatistics(engine, config);
        clock.advance(10);
        checkStatistics(engine, config);
      }),
      { numRuns: 150, seed: 4242 },
    );
  });
});
