import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStore, shallowEqual, type FrameScheduler } from '../../../src/core/store.js';
import type { Task } from '../../../src/core/model.js';
import { worker } from '../../helpers/fake-backend.js';

/** Schedulers a test runs by hand: the end of the task and frames happen when the test says so. */
function manualScheduler() {
  const frames: (() => void)[] = [];
  const tasks: (() => void)[] = [];
  const scheduler: FrameScheduler = (callback) => {
    frames.push(callback);
    return () => {
      const index = frames.indexOf(callback);
      if (index >= 0) frames.splice(index, 1);
    };
  };
  const immediate = (callback: () => void) => void tasks.push(callback);
  return {
    scheduler,
    immediate,
    /** Ends the current task: runs queued microtask-like callbacks. */
    endTask: () => tasks.splice(0).forEach((f) => f()),
    runFrame: () => frames.splice(0).forEach((f) => f()),
  };
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
  it('reduces events immediately and notifies once for a burst of any size', () => {
    const { scheduler, immediate, endTask, runFrame } = manualScheduler();
    const store = createStore({ scheduler, immediate });
    const calls: number[] = [];
    store.subscribe((s) => Object.keys(s.tasks).length, (count) => calls.push(count));
    for (let i = 0; i < 10_000; i++) store.dispatch({ type: 'task', task: task(`WT${i}`) });
    assert.equal(Object.keys(store.getState().tasks).length, 10_000);
    assert.deepEqual(calls, [], 'nothing is announced while the task is still running');
    endTask();
    assert.deepEqual(calls, [10_000], 'the first change of a frame is announced when the task ends');
    runFrame();
    assert.deepEqual(calls, [10_000]);
  });

  it('notifies at most once per frame: later changes in the frame wait for the next one', () => {
    const { scheduler, immediate, endTask, runFrame } = manualScheduler();
    const store = createStore({ scheduler, immediate });
    const calls: number[] = [];
    store.subscribe((s) => Object.keys(s.tasks).length, (count) => calls.push(count));
    store.dispatch({ type: 'task', task: task('WT1') });
    endTask();
    store.dispatch({ type: 'task', task: task('WT2') });
    endTask();
    store.dispatch({ type: 'task', task: task('WT3') });
    endTask();
    assert.deepEqual(calls, [1], 'one notification in this frame');
    runFrame();
    assert.deepEqual(calls, [1, 3], 'the rest together at the next frame');
    store.dispatch({ type: 'task', task: task('WT4') });
    endTask();
    assert.deepEqual(calls, [1, 3], 'the frame that announced WT2-3 is this one');
    runFrame();
    assert.deepEqual(calls, [1, 3, 4]);
    runFrame();
    store.dispatch({ type: 'task', task: task('WT5') });
    endTask();
    assert.deepEqual(calls, [1, 3, 4, 5], 'a quiet frame passed: the next change is announced at once');
  });

  it('does not notify subscribers whose slice did not change', () => {
    const { scheduler, immediate, endTask: runFrame } = manualScheduler();
    const store = createStore({ scheduler, immediate });
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

  it('drops a removed task\'s reservations, conversation, messages and call', () => {
    const { scheduler } = manualScheduler();
    const store = createStore({ scheduler });
    store.dispatch([
      { type: 'task', task: { ...task('WT1'), conversationSid: 'CH1', callSid: 'CA1' } },
      { type: 'task', task: task('WT2') },
      {
        type: 'reservation',
        reservation: { sid: 'WR1', taskSid: 'WT1', workerSid: 'WK1', status: 'completed', createdAt: 0, timeoutAt: 0, updatedAt: 0 },
      },
      {
        type: 'reservation',
        reservation: { sid: 'WR2', taskSid: 'WT2', workerSid: 'WK1', status: 'pending', createdAt: 0, timeoutAt: 0, updatedAt: 0 },
      },
      {
        type: 'conversation',
        conversation: {
          sid: 'CH1',
          taskSid: 'WT1',
          customerTyping: false,
          agentTyping: false,
          agentReadIndex: -1,
          customerReadIndex: -1,
          messageCount: 0,
          hasOlder: false,
        },
      },
      {
        type: 'messages',
        conversationSid: 'CH1',
        messages: [{ sid: 'IM0', conversationSid: 'CH1', index: 0, author: 'c', authorName: 'C', authorRole: 'customer', body: 'hi', timestamp: 0 }],
      },
    ]);
    store.dispatch({ type: 'task.removed', sid: 'WT1' });
    const state = store.getState();
    assert.deepEqual(Object.keys(state.tasks), ['WT2']);
    assert.deepEqual(Object.keys(state.reservations), ['WR2']);
    assert.deepEqual(state.conversations, {});
    assert.deepEqual(state.messages, {});
  });

  it('stops notifying after unsubscribe and after dispose', () => {
    const { scheduler, immediate, endTask: runFrame } = manualScheduler();
    const store = createStore({ scheduler, immediate });
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
