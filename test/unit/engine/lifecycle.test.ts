import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EngineError } from '../../../src/engine/types.js';
import { floor } from './helpers.js';

describe('task and reservation lifecycle', () => {
  it('reserves for the longest-idle eligible worker, then assigned → wrapping → completed', () => {
    const { engine, clock, sid } = floor();
    clock.advance(1000);
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    const r = engine.pendingReservationOf(t)!;
    assert.equal(r.workerSid, sid('Ann')); // Ann and Bob idle since start; Ann was created first
    assert.equal(engine.task(t)!.status, 'reserved');
    engine.acceptReservation(r.sid);
    assert.equal(engine.task(t)!.status, 'assigned');
    // A second task goes to Bob: Ann is at voice capacity.
    const t2 = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    assert.equal(engine.pendingReservationOf(t2)!.workerSid, sid('Bob'));
    engine.wrapupTask(t);
    assert.equal(engine.reservation(r.sid)!.status, 'wrapping');
    engine.completeTask(t);
    assert.equal(engine.task(t)!.status, 'completed');
    assert.equal(engine.reservation(r.sid)!.status, 'completed');
    assert.equal(engine.worker(sid('Ann'))!.channels['voice'].assigned, 0);
  });

  it('reject returns the task to the queue for the next worker', () => {
    const { engine, sid } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    const r = engine.pendingReservationOf(t)!;
    engine.rejectReservation(r.sid);
    assert.equal(engine.reservation(r.sid)!.status, 'rejected');
    assert.equal(engine.pendingReservationOf(t)!.workerSid, sid('Bob'));
  });

  it('timeout moves the worker to the timeout activity and re-offers the task', () => {
    const { engine, clock, sid, activity } = floor({ timeoutActivity: 'Break' });
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    const r = engine.pendingReservationOf(t)!;
    clock.advance(30_000);
    assert.equal(engine.reservation(r.sid)!.status, 'timeout');
    assert.equal(engine.worker(sid('Ann'))!.activitySid, activity('Break'));
    assert.equal(engine.pendingReservationOf(t)!.workerSid, sid('Bob'));
    assert.throws(
      () => engine.acceptReservation(r.sid),
      (e: unknown) => e instanceof EngineError && e.code === 'invalid-state',
    );
  });

  it('waits when nobody is available and assigns when someone becomes available', () => {
    const { engine, sid, activity } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Support', attributes: { name: 'Zoe' } });
    const r = engine.pendingReservationOf(t)!;
    assert.equal(r.workerSid, sid('Bob'));
    engine.rejectReservation(r.sid);
    assert.equal(engine.task(t)!.status, 'pending');
    engine.setWorkerActivity(sid('Cid'), activity('Available'));
    assert.equal(engine.pendingReservationOf(t)!.workerSid, sid('Cid'));
  });

  it('serves higher priority first, then the oldest', () => {
    const { engine, clock, sid, activity } = floor();
    engine.setWorkerActivity(sid('Ann'), activity('Offline'));
    engine.setWorkerActivity(sid('Bob'), activity('Offline'));
    const old = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    clock.advance(1000);
    const urgent = engine.createTask({ channel: 'voice', queueSid: 'Sales', priority: 5 });
    clock.advance(1000);
    const young = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.setWorkerActivity(sid('Ann'), activity('Available'));
    assert.ok(engine.pendingReservationOf(urgent));
    engine.setWorkerActivity(sid('Bob'), activity('Available'));
    assert.ok(engine.pendingReservationOf(old));
    assert.equal(engine.task(young)!.status, 'pending');
  });

  it('respects per-channel capacity', () => {
    const { engine, sid } = floor({
      channels: [{ name: 'chat', capacity: 2 }],
      workers: [{ name: 'Ann', skills: { sales: 1 }, activity: 'Available' }],
    });
    const tasks = [1, 2, 3].map(() => engine.createTask({ channel: 'chat', queueSid: 'Sales' }));
    assert.deepEqual(
      tasks.map((t) => engine.task(t)!.status),
      ['reserved', 'reserved', 'pending'],
    );
    assert.equal(engine.worker(sid('Ann'))!.channels['chat'].assigned, 2);
    engine.acceptReservation(engine.pendingReservationOf(tasks[0])!.sid);
    engine.completeTask(tasks[0]);
    assert.equal(engine.task(tasks[2])!.status, 'reserved');
  });

  it('cancels a waiting task as abandoned, and refuses to cancel an assigned one', () => {
    const { engine, clock } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    const r = engine.pendingReservationOf(t)!;
    clock.advance(4000);
    engine.cancelTask(t, 'customer hung up');
    assert.equal(engine.task(t)!.status, 'canceled');
    assert.equal(engine.reservation(r.sid)!.status, 'canceled');
    const stats = engine.queueStatistics('Sales').today;
    assert.equal(stats.abandoned, 1);
    assert.equal(stats.shortAbandoned, 1);
    const t2 = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(t2)!.sid);
    assert.throws(() => engine.cancelTask(t2), /assigned/);
  });

  it('refuses to go unavailable with pending reservations unless asked to reject them', () => {
    const { engine, sid, activity } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    assert.throws(() => engine.setWorkerActivity(sid('Ann'), activity('Break')), /pending reservations/);
    engine.setWorkerActivity(sid('Ann'), activity('Break'), { rejectPendingReservations: true });
    assert.equal(engine.pendingReservationOf(t)!.workerSid, sid('Bob'));
  });

  it('escalates along workflow steps after each timeout, rescinding a pending reservation', () => {
    const { engine, clock, sid, activity } = floor({
      workflows: [
        {
          name: 'W',
          filters: [
            {
              expression: 'topic == "sales"',
              targets: [
                { queue: 'Sales', timeout: 60 },
                { queue: 'Support', priority: 9 },
              ],
            },
          ],
          defaultTarget: { queue: 'Support' },
        },
      ],
      reservationTimeout: 600,
    });
    engine.setWorkerActivity(sid('Bob'), activity('Offline'));
    const t = engine.createTask({ channel: 'voice', attributes: { topic: 'sales' } });
    const r = engine.pendingReservationOf(t)!;
    assert.equal(r.workerSid, sid('Ann'));
    clock.advance(60_000);
    assert.equal(engine.reservation(r.sid)!.status, 'rescinded');
    assert.equal(engine.task(t)!.queueName, 'Support');
    assert.equal(engine.task(t)!.priority, 9);
    const other = engine.createTask({ channel: 'voice', attributes: { topic: 'billing' } });
    assert.equal(engine.task(other)!.queueName, 'Support'); // default target
  });

  it('recomputes queue membership when worker attributes change', () => {
    const { engine, sid } = floor();
    engine.setWorkerAttributes(sid('Ann'), { skills: { support: 7 } });
    const ann = engine.worker(sid('Ann'))!;
    assert.deepEqual(ann.skills, { support: 7 });
    assert.deepEqual(ann.queueSids, [engine.queue('Support')!.sid]);
    assert.throws(() => engine.setWorkerAttributes(sid('Ann'), { skills: { x: 'high' } }), /Skill level/);
  });
});

describe('transfers', () => {
  it('cold transfer to a worker: the original wraps up when the target accepts', () => {
    const { engine, sid } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(t)!.sid);
    const child = engine.transferTask(t, { to: sid('Bob'), mode: 'cold' });
    assert.equal(engine.task(t)!.transfer!.status, 'initiated');
    const r = engine.pendingReservationOf(child)!;
    assert.equal(r.workerSid, sid('Bob'));
    engine.acceptReservation(r.sid);
    assert.equal(engine.task(t)!.transfer!.status, 'completed');
    assert.equal(engine.task(t)!.status, 'wrapping');
    assert.equal(engine.task(child)!.customer.name, engine.task(t)!.customer.name);
    assert.equal(engine.queueStatistics('Sales').today.transferredOut, 1);
  });

  it('warm transfer to a queue keeps the original assigned; cancel withdraws it', () => {
    const { engine, sid, activity } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(t)!.sid);
    engine.setWorkerActivity(sid('Bob'), activity('Offline'));
    const child = engine.transferTask(t, { to: 'Support', mode: 'warm' });
    assert.equal(engine.task(child)!.status, 'pending');
    engine.cancelTransfer(t);
    assert.equal(engine.task(t)!.transfer!.status, 'canceled');
    assert.equal(engine.task(child)!.status, 'canceled');
    assert.equal(engine.task(t)!.status, 'assigned');
    assert.equal(engine.queueStatistics('Support').today.abandoned, 0);
    assert.throws(() => engine.cancelTransfer(t), /no transfer in progress/);
  });

  it('a rejected transfer to a worker fails and leaves the original with its agent', () => {
    const { engine, sid } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(t)!.sid);
    const child = engine.transferTask(t, { to: sid('Bob'), mode: 'warm' });
    engine.rejectReservation(engine.pendingReservationOf(child)!.sid);
    assert.equal(engine.task(t)!.transfer!.status, 'failed');
    assert.equal(engine.task(child)!.status, 'canceled');
    assert.equal(engine.task(t)!.status, 'assigned');
  });

  it('refuses transfers of tasks that are not assigned, or to unknown targets', () => {
    const { engine } = floor();
    const t = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    assert.throws(() => engine.transferTask(t, { to: 'Support', mode: 'cold' }), /reserved, not assigned/);
    engine.acceptReservation(engine.pendingReservationOf(t)!.sid);
    assert.throws(() => engine.transferTask(t, { to: 'Nowhere', mode: 'cold' }), /No worker or queue "Nowhere"/);
  });
});

describe('supervision', () => {
  it('monitor, coach and barge on voice; read-along only on chat; stop', () => {
    const { engine, sid } = floor();
    const voice = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(voice)!.sid);
    engine.monitorTask(voice, sid('Cid'), 'monitor');
    assert.equal(engine.supervision(voice)!.mode, 'monitor');
    engine.monitorTask(voice, sid('Cid'), 'coach');
    engine.monitorTask(voice, sid('Cid'), 'barge');
    assert.equal(engine.supervision(voice)!.mode, 'barge');
    engine.stopMonitoring(voice);
    assert.equal(engine.supervision(voice), undefined);
    assert.throws(() => engine.stopMonitoring(voice), /not being monitored/);
    const chat = engine.createTask({ channel: 'chat', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(chat)!.sid);
    assert.throws(() => engine.monitorTask(chat, sid('Cid'), 'barge'), /Only monitor/);
    engine.monitorTask(chat, sid('Cid'), 'monitor');
    engine.wrapupTask(chat);
    assert.equal(engine.supervision(chat), undefined);
    const types = engine.log.filter((e) => e.type === 'supervision').map((e) => e.status);
    assert.deepEqual(types, ['monitor', 'coach', 'barge', 'stopped', 'monitor', 'stopped']);
  });
});
