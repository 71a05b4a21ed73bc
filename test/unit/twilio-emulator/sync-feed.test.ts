// The supervisor's workspace feed's mapping (src/backends/twilio/workspace-feed.ts) from Flex's
// tr-worker and tr-reservation items, over a LiveQuery-shaped double, and the emulator's query
// language subset (tools/twilio-emulator/twilsock/sync-store.ts). The real twilio-sync client on
// the real wire: sync-wire.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DomainEvent } from '../../../src/core/domain-events.js';
import { WorkspaceFeed, type LiveQueryLike, type SyncLike } from '../../../src/backends/twilio/workspace-feed.js';
import { parseQuery as parseExpression } from '../../../tools/twilio-emulator/twilsock/sync-store.js';

type Listener = (arg: any) => void;

class FakeQuery implements LiveQueryLike {
  listeners = new Map<string, Listener[]>();
  closed = false;
  constructor(public items: Record<string, Record<string, unknown>>) {}
  getItems() {
    return this.items;
  }
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  update(key: string, value: Record<string, unknown>) {
    this.items[key] = value;
    for (const l of this.listeners.get('itemUpdated') ?? []) l({ key, value });
  }
  remove(key: string) {
    delete this.items[key];
    for (const l of this.listeners.get('itemRemoved') ?? []) l({ key });
  }
  close() {
    this.closed = true;
  }
}

function setup(own: { workerSid?: string; tasks?: string[]; supervising?: Record<string, 'monitor' | 'coach' | 'barge'> } = {}) {
  const queries: Record<string, FakeQuery> = {
    'tr-worker': new FakeQuery({
      WK1: { worker_sid: 'WK1', friendly_name: 'ana@example.com', activity_name: 'Available', date_activity_changed: '2026-11-21T08:00:00Z', attributes: '{"full_name":"Ana Ruiz","routing":{"skills":["billing"],"levels":{"billing":7}},"team_name":"Blue"}' },
      WK9: { worker_sid: 'WK9', friendly_name: 'me@example.com', activity_name: 'Offline', attributes: {} },
    }),
    'tr-reservation': new FakeQuery({}),
  };
  const asked: string[] = [];
  const sync: SyncLike = {
    liveQuery: (index: string, expression: string) => {
      asked.push(`${index}: ${expression}`);
      return Promise.resolve(queries[index]);
    },
    updateToken: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    on: () => undefined,
  };
  const events: DomainEvent[] = [];
  const feed = new WorkspaceFeed(
    sync,
    {
      emit: (e) => events.push(...e),
      isOwnTask: (sid) => (own.tasks ?? []).includes(sid),
      ownWorkerSid: own.workerSid ?? 'WK9',
      activities: () => [{ sid: 'WA1', name: 'Available', available: true }],
      supervision: (sid) => (own.supervising?.[sid] ? { supervisorSid: 'WK9', name: 'Me', mode: own.supervising[sid] } : undefined),
    },
    {},
    () => Date.parse('2026-11-21T09:00:00Z'),
  );
  return { feed, queries, events, asked };
}

describe('WorkspaceFeed', () => {
  it('maps tr-worker items to workers (not the signed-in one) and asks for open tasks and holding reservations', async () => {
    const { feed, events, asked } = await (async () => {
      const s = setup();
      await s.feed.start();
      return s;
    })();
    assert.deepEqual(asked, ['tr-worker: ', 'tr-reservation: data.status IN ["pending", "accepted", "wrapping"]']);
    const workers = events.flatMap((e) => (e.type === 'workers' ? e.workers : []));
    assert.deepEqual(
      workers.map((w) => [w.sid, w.name, w.identity, w.activitySid, w.team, w.skills]),
      [['WK1', 'Ana Ruiz', 'ana@example.com', 'WA1', 'Blue', { billing: 7 }]],
    );
    assert.equal(workers[0].activitySince, Date.parse('2026-11-21T08:00:00Z'));
    feed.close();
  });

  it('reads a task from its tr-reservation item (Flex\'s fields), derives the call, and drops it with its last reservation', async () => {
    const { feed, queries, events } = setup({ supervising: {} });
    await feed.start();
    const task = { task_sid: 'WT1', task_status: 'assigned', task_channel_unique_name: 'voice', queue_sid: 'WQ1', queue_name: 'Support', task_priority: 2, task_age: 60, attributes: '{"name":"Casey","from":"+14155550177","call_sid":"CA1"}' };
    queries['tr-reservation'].update('WR1', { ...task, reservation_sid: 'WR1', worker_sid: 'WK1', status: 'accepted', date_created: '2026-11-21T08:59:30Z' });
    const last = events.filter((e) => e.type === 'task').at(-1)!;
    assert.ok(last.type === 'task');
    assert.deepEqual(
      [last.task.workerSid, last.task.status, last.task.queueName, last.task.priority, last.task.createdAt, last.task.customer.name],
      ['WK1', 'assigned', 'Support', 2, Date.parse('2026-11-21T08:59:00Z'), 'Casey'],
    );
    assert.equal(feed.reservationOf('WT1')!.sid, 'WR1');
    const call = events.filter((e) => e.type === 'call').at(-1);
    assert.ok(call && call.type === 'call');
    assert.deepEqual(
      [call.call.sid, call.call.status, call.call.from, call.call.participants.map((p) => `${p.kind}:${p.name}`)],
      ['CA1', 'in-progress', '+14155550177', ['customer:Casey', 'worker:Ana Ruiz']],
    );
    queries['tr-reservation'].remove('WR1');
    assert.deepEqual(events.at(-1), { type: 'task.removed', sid: 'WT1' });
    assert.equal(feed.reservationOf('WT1'), undefined);
  });

  it("leaves the signed-in worker's own tasks to the TaskRouter SDK", async () => {
    const { feed, queries, events } = setup({ tasks: ['WT2'] });
    await feed.start();
    const before = events.length;
    queries['tr-reservation'].update('WR2', { reservation_sid: 'WR2', task_sid: 'WT2', worker_sid: 'WK9', status: 'accepted', task_status: 'assigned', task_channel_unique_name: 'chat', attributes: {} });
    queries['tr-reservation'].remove('WR2');
    assert.equal(events.length, before);
  });

  it("shows this supervisor's own supervision on the call, with the supervisor muted while monitoring", async () => {
    const { feed, queries } = setup({ supervising: { WT3: 'monitor' } });
    await feed.start();
    queries['tr-reservation'].update('WR3', { reservation_sid: 'WR3', task_sid: 'WT3', worker_sid: 'WK1', status: 'accepted', task_status: 'assigned', task_channel_unique_name: 'voice', attributes: { call_sid: 'CA3' } });
    const call = feed.call('WT3')!;
    assert.deepEqual(call.supervision, { supervisorSid: 'WK9', mode: 'monitor' });
    assert.deepEqual(
      call.participants.filter((p) => p.kind === 'supervisor').map((p) => [p.name, p.muted]),
      [['Me', true]],
    );
  });
});

describe('the emulator query subset', () => {
  it('matches ==, !=, IN, NOT IN and AND (or &&) on item fields, and refuses anything else with a message', () => {
    const p = parseExpression('data.status IN ["assigned", "wrapping"] AND data.queue_name == "Support"');
    assert.equal(p({ status: 'assigned', queue_name: 'Support' }), true);
    assert.equal(p({ status: 'pending', queue_name: 'Support' }), false);
    assert.equal(p({ status: 'wrapping', queue_name: 'Sales' }), false);
    assert.equal(parseExpression('')({}), true);
    assert.equal(parseExpression('data.attributes.team == "Blue"')({ attributes: { team: 'Blue' } }), true);
    assert.equal(parseExpression('data.worker_sid == "WK1" && (data.status != "pending")')({ worker_sid: 'WK1', status: 'accepted' }), true);
    assert.equal(parseExpression('data.status NOT IN ["pending"]')({ status: 'pending' }), false);
    assert.throws(() => parseExpression('data.age > 30'), /Unsupported query expression: data.age > 30/);
  });
});
