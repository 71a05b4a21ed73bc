import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStore, shallowEqual, type FrameScheduler } from '../../../src/core/store.js';
import type { Task } from '../../../src/core/model.js';
import { worker } from '../../helpers/fake-backend.js';

/** A scheduler a test runs by hand: frames happen only when the test says so. */
function manualScheduler() {
  const queue: (() => void)[] = [];
  const scheduler: FrameScheduler = (callback) => {
    queue.push(callback);
    return () => queue.splice(queue.indexOf(callback) >>> 0, 1);
  };
  return { scheduler, frames: () => queue.length, runFrame: () => queue.splice(0).forEach((f) => f()) };
}

const task = (sid: string, status: Task['status'] = 'pending'): Task => ({
  sid,
  status,
  channel: 'chat',
  queueSid: 'WQ1',
  queueName: 'Support',
  priority: 0,
  createdAt: 1,
  customer: { name: 'Jo' },
  attributes: {},
});

describe('store', () => {
  it('reduces events immediately and notifies once per frame however many arrive', () => {
    const { scheduler, frames, runFrame } = manualScheduler();
    const store = createStore({ scheduler });
    const calls: number[] = [];
    store.subscribe((s) => Object.keys(s.tasks).length, (count) => calls.push(count));
    for (let i = 0; i < 10_000; i++) store.dispatch({ type: 'task', task: task(`WT${i}`) });
    assert.equal(Object.keys(store.getState().tasks).length, 10_000);
    assert.equal(frames(), 1);
    assert.deepEqual(calls, []);
    runFrame();
    assert.deepEqual(calls, [10_000]);
  });

  it('does not notify subscribers whose slice did not change', () => {
    const { scheduler, runFrame } = manualScheduler();
    const store = createStore({ scheduler });
    const workerCalls: unknown[] = [];
    const taskCalls: unknown[] = [];
    store.subscribe((s) => s.workers, (w) => workerCalls.push(w));
    store.subscribe((s) => s.tasks['WT1'], (t) => taskCalls.push(t));
    store.dispatch({ type: 'worker', worker: worker('WK1', 'Ana') });
    runFrame();
    assert.equal(workerCalls.length, 1);
    assert.equal(taskCalls.length, 0);
    store.dispatch({ type: 'task', task: task('WT2') });
    runFrame();
    assert.equal(taskCalls.length, 0, 'another task changing must not wake a WT1 subscriber');
  });

  it('never mutates state it has handed out', () => {
    const { scheduler } = manualScheduler();
    const store = createStore({ scheduler });
    store.dispatch({ type: 'task', task: task('WT1') });
    const seen = store.getState();
    const seenTasks = seen.tasks;
    store.dispatch({ type: 'task', task: task('WT2') });
    assert.deepEqual(Object.keys(seenTasks), ['WT1']);
    assert.notEqual(store.getState().tasks, seenTasks);
    assert.deepEqual(Object.keys(store.getState().tasks), ['WT1', 'WT2']);
  });

  it('keeps messages ordered by index, upserting duplicates', () => {
    const { scheduler } = manualScheduler();
    const store = createStore({ scheduler });
    const message = (index: number, body = `m${index}`) => ({
      sid: `IM${index}`,
      conversationSid: 'CH1',
      index,
      author: 'a',
      authorName: 'A',
      authorRole: 'customer' as const,
      body,
      timestamp: index,
    });
    store.dispatch({ type: 'messages', conversationSid: 'CH1', messages: [message(5), message(6)] });
    store.dispatch({ type: 'messages', conversationSid: 'CH1', messages: [message(2), message(3)] });
    store.dispatch({ type: 'messages', conversationSid: 'CH1', messages: [message(6, 'edited')] });
    const list = store.getState().messages['CH1'];
    assert.deepEqual(list.map((m) => m.index), [2, 3, 5, 6]);
    assert.equal(list.at(-1)!.body, 'edited');
  });

  it('clears the selection when the selected task is removed', () => {
    const { scheduler } = manualScheduler();
    const store = createStore({ scheduler });
    store.dispatch([{ type: 'task', task: task('WT1') }, { type: 'ui.select-task', taskSid: 'WT1' }]);
    assert.equal(store.getState().ui.selectedTaskSid, 'WT1');
    store.dispatch({ type: 'task.removed', sid: 'WT1' });
    assert.equal(store.getState().ui.selectedTaskSid, undefined);
  });

  it('stops notifying after unsubscribe and after dispose', () => {
    const { scheduler, runFrame } = manualScheduler();
    const store = createStore({ scheduler });
    let calls = 0;
    const off = store.subscribe((s) => s.tasks, () => calls++);
    off();
    store.dispatch({ type: 'task', task: task('WT1') });
    runFrame();
    assert.equal(calls, 0);
  });

  it('compares arrays and objects shallowly', () => {
    const a = { x: 1 };
    assert.ok(shallowEqual([a, 2], [a, 2]));
    assert.ok(!shallowEqual([a, 2], [{ x: 1 }, 2]));
    assert.ok(shallowEqual({ a, b: 1 }, { a, b: 1 }));
    assert.ok(!shallowEqual({ a }, { a, b: 1 }));
  });
});
