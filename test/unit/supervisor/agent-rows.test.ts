import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AgentRowsController, emptyAgentFilter, type AgentInputs, type AgentSortKey } from '../../../src/controllers/agent-rows.js';
import type { Activity, Queue, Task, Worker } from '../../../src/core/model.js';

const host: ReactiveControllerHost = {
  addController: (_c: ReactiveController) => {},
  removeController: () => {},
  requestUpdate: () => {},
  updateComplete: Promise.resolve(true),
};

let seed = 11;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

const activities: Record<string, Activity> = Object.fromEntries(
  ['Available', 'Break', 'Offline', 'Lunch'].map((name, i) => [`WA${i}`, { sid: `WA${i}`, name, available: i === 0 }]),
);
const queues: Record<string, Queue> = Object.fromEntries(
  ['Sales', 'Support', 'Billing'].map((name, i) => [`WQ${i}`, { sid: `WQ${i}`, name } as Queue]),
);
const TEAMS = ['gold', 'silver', 'bronze', undefined];
const SKILLS = ['english', 'spanish', 'billing', 'tech'];
const NAMES = ['Ana', 'Bo', 'ana', 'Émile', 'Zoë', 'Li', 'Bo'];

function worker(i: number, at: number): Worker {
  const skills: Record<string, number> = {};
  for (const s of SKILLS) if (random(2)) skills[s] = 1 + random(9);
  return {
    sid: `WK${String(i).padStart(5, '0')}`,
    name: `${NAMES[random(NAMES.length)]} ${random(3)}`,
    identity: `agent${i}@example.com`,
    activitySid: `WA${random(4)}`,
    activitySince: at - random(1000),
    skills,
    languages: [],
    team: TEAMS[random(TEAMS.length)],
    channels: {},
    queueSids: Object.keys(queues).filter(() => random(2) === 1),
    attributes: {},
  };
}

function task(i: number, workerSid: string): Task {
  return {
    sid: `WT${i}`,
    status: (['reserved', 'assigned', 'wrapping', 'completed'] as const)[random(4)],
    channel: random(2) ? 'voice' : 'chat',
    queueSid: 'WQ0',
    queueName: 'Sales',
    priority: 0,
    createdAt: i,
    workerSid,
    customer: { name: 'C' },
    attributes: {},
  };
}

/** The same rows computed from scratch by a fresh controller. */
function fresh(inputs: AgentInputs, filter = emptyAgentFilter, sort?: { key: AgentSortKey; direction: 'ascending' | 'descending' }) {
  const c = new AgentRowsController(host);
  c.filter = filter;
  if (sort) c.sort = sort;
  return { rows: c.rows(inputs).map((r) => r.sid), options: c.options(), total: c.total };
}

describe('AgentRowsController', () => {
  it('patches the filtered, sorted rows frame after frame to exactly what a full sort gives', () => {
    let workers: Record<string, Worker> = {};
    for (let i = 0; i < 400; i++) workers[`WK${String(i).padStart(5, '0')}`] = worker(i, 10_000);
    let tasks: Record<string, Task> = {};
    let inputs: AgentInputs = { workers, activities, queues, tasks };
    const controller = new AgentRowsController(host);
    const sorts: { key: AgentSortKey; direction: 'ascending' | 'descending' }[] = [
      { key: 'name', direction: 'ascending' },
      { key: 'time', direction: 'descending' },
      { key: 'team', direction: 'descending' },
      { key: 'tasks', direction: 'ascending' },
      { key: 'activity', direction: 'ascending' },
    ];
    const filters = [emptyAgentFilter, { ...emptyAgentFilter, activities: ['WA0', 'WA2'] }, { ...emptyAgentFilter, search: 'bo' }];
    let patched = 0;
    let next = 400;
    for (let frame = 0; frame < 120; frame++) {
      if (frame % 40 === 0) {
        controller.sort = sorts[(frame / 40) % sorts.length];
        controller.filter = filters[(frame / 40) % filters.length];
      }
      workers = { ...workers };
      tasks = { ...tasks };
      for (let k = 0; k < 1 + random(12); k++) {
        const sids = Object.keys(workers);
        const sid = sids[random(sids.length)];
        const roll = random(10);
        if (roll === 0) delete workers[sid];
        else if (roll === 1) {
          const w = worker(next++, 20_000 + frame);
          workers[w.sid] = w;
        } else if (roll < 4) {
          const t = task(next++, sid);
          tasks[t.sid] = t;
        } else {
          workers[sid] = { ...workers[sid], activitySid: `WA${random(4)}`, activitySince: 20_000 + frame, team: TEAMS[random(4)] };
        }
      }
      inputs = { workers, activities, queues, tasks };
      const rows = controller.rows(inputs).map((r) => r.sid);
      if (controller.lastUpdate === 'patched') patched++;
      const expected = fresh(inputs, controller.filter, controller.sort);
      assert.deepEqual(rows, expected.rows, `frame ${frame}`);
      assert.deepEqual(controller.options(), expected.options, `options, frame ${frame}`);
      assert.equal(controller.total, Object.keys(workers).length);
    }
    assert.ok(patched > 100, `patched ${patched} of 120 frames`);
  });

  it('keeps the row objects of agents that did not change, and returns the same array when nothing did', () => {
    const workers: Record<string, Worker> = {};
    for (let i = 0; i < 50; i++) workers[`WK${String(i).padStart(5, '0')}`] = worker(i, 10_000);
    const controller = new AgentRowsController(host);
    const first = controller.rows({ workers, activities, queues, tasks: {} });
    const same = controller.rows({ workers, activities, queues, tasks: {} });
    assert.equal(same, first);
    assert.equal(controller.lastUpdate, 'unchanged');
    const changed = first[10].sid;
    const next = { ...workers, [changed]: { ...workers[changed], activitySid: 'WA3' } };
    const second = controller.rows({ workers: next, activities, queues, tasks: {} });
    assert.equal(controller.lastUpdate, 'patched');
    assert.notEqual(second, first);
    for (const row of second) {
      const before = first.find((r) => r.sid === row.sid)!;
      if (row.sid === changed) assert.notEqual(row, before);
      else assert.equal(row, before);
    }
    // The array handed out before is left as it was.
    assert.equal(first.find((r) => r.sid === changed)!.worker.activitySid, workers[changed].activitySid);
  });
});
