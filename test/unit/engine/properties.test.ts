import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ContactCenterEngine } from '../../../src/engine/engine.js';
import { VirtualClock } from '../../../src/engine/clock.js';
import type { EngineLogEntry } from '../../../src/engine/log.js';

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
  queues: fc.array(fc.constantFrom(...SKILLS), { minLength: 1, maxLength: 3 }),
});

const opArb = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    queue: fc.nat(),
    channel: fc.constantFrom(...CHANNELS),
    priority: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom(
      'accept' as const,
      'reject' as const,
      'wrap' as const,
      'complete' as const,
      'cancel' as const,
      'transfer' as const,
    ),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant('activity' as const), worker: fc.nat(), available: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
);

type Config = typeof configArb extends fc.Arbitrary<infer C> ? C : never;

function run(config: Config, ops: readonly unknown[]) {
  const clock = new VirtualClock(Date.UTC(2025, 0, 6, 9));
  const engine = new ContactCenterEngine(
    {
      queues: [...new Set(config.queues)].map((s) => ({ name: `Q-${s}`, targetWorkers: `skills HAS "${s}"` })),
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
  return engine;
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

/** Recounts today's figures per queue straight from the log, independently of the collectors. */
function recount(log: readonly EngineLogEntry[], queueSid: string) {
  const mine = log.filter((e) => e.queueSid === queueSid);
  const status = (type: string, s: string) => mine.filter((e) => e.type === type && e.status === s);
  return {
    tasksEntered: mine.filter((e) => e.type === 'task.queued').length,
    tasksAccepted: status('reservation.status', 'accepted').length,
    tasksCompleted: status('task.status', 'completed').length,
    tasksCanceled: status('task.status', 'canceled').length,
    abandoned: status('task.status', 'canceled').filter((e) => e.abandoned).length,
    reservationsCreated: status('reservation.status', 'pending').length,
    reservationsRejected: status('reservation.status', 'rejected').length,
    reservationsTimedOut: status('reservation.status', 'timeout').length,
    reservationsCanceled: status('reservation.status', 'canceled').length,
    transferredOut: status('transfer', 'completed').length,
  };
}

describe('engine properties', () => {
  it('keeps capacity, single assignment, terminal states and statistics consistent', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { maxLength: 60 }), (config, ops) => {
        const engine = run(config, ops);
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
        for (const q of engine.listQueues()) {
          const today = engine.queueStatistics(q.sid).today;
          const expected = recount(engine.log, q.sid);
          for (const [key, value] of Object.entries(expected))
            assert.equal(today[key as keyof typeof today], value, `${q.name} ${key}`);
        }
      }),
      { numRuns: 150, seed: 4242 },
    );
  });
});
