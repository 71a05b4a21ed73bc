import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatorBackend } from '../../../src/backends/simulator/index.js';
import { BackendError } from '../../../src/backends/backend.js';
import { createStore } from '../../../src/core/store.js';

/** A supervisor at the keyboard and one other agent, Ada, available on every queue. */
async function floor() {
  const backend = createSimulatorBackend();
  const store = createStore({ scheduler: () => () => undefined });
  backend.subscribe((events) => store.dispatch(events));
  await backend.connect({
    identity: 'sue.visor',
    role: 'supervisor',
    options: { traffic: false, autoAdvance: false, seed: 5, startTime: Date.UTC(2025, 0, 6, 10) },
  });
  const engine = backend.controls.engine;
  const ada = engine.addWorker({ name: 'Ada Agent', activity: 'Available' }, { allQueues: true });
  backend.controls.flush();
  const state = () => store.getState();
  /** A task of `channel` that Ada has accepted. */
  const adaTask = (channel: string) => {
    const taskSid = backend.controls.createTask({ channel, firstMessage: 'Hello' });
    engine.acceptReservation(engine.pendingReservationOf(taskSid)!.sid);
    backend.controls.flush();
    assert.equal(state().tasks[taskSid].workerSid, ada);
    assert.equal(state().tasks[taskSid].status, 'assigned');
    return taskSid;
  };
  return { backend, state, ada, adaTask, me: () => state().session.workerSid! };
}

describe('simulator supervision on the task', () => {
  it('shows a chat read-along on the task, with the supervisor, until it stops', async () => {
    const { backend, state, adaTask, me } = await floor();
    const taskSid = adaTask('chat');
    assert.equal(state().tasks[taskSid].supervision, undefined);

    await backend.execute('monitorTask', { taskSid, mode: 'monitor' });
    assert.deepEqual(state().tasks[taskSid].supervision, { supervisorSid: me(), mode: 'monitor' });
    assert.deepEqual(backend.controls.engine.supervision(taskSid)?.supervisorSid, me());
    // A chat has no call to carry it: the task is where the UI reads it.
    assert.equal(state().tasks[taskSid].callSid, undefined);

    // Only read-along on chat: coach is refused and the read-along stays.
    await assert.rejects(
      backend.execute('monitorTask', { taskSid, mode: 'coach' }),
      (error: unknown) => error instanceof BackendError && /Only monitor \(read-along\)/.test(error.message),
    );
    assert.deepEqual(state().tasks[taskSid].supervision, { supervisorSid: me(), mode: 'monitor' });

    await backend.execute('stopMonitoring', { taskSid });
    assert.equal(state().tasks[taskSid].supervision, undefined);
    await backend.disconnect();
  });

  it('ends the read-along when the task wraps up', async () => {
    const { backend, state, adaTask } = await floor();
    const taskSid = adaTask('chat');
    await backend.execute('monitorTask', { taskSid, mode: 'monitor' });
    assert.ok(state().tasks[taskSid].supervision);
    backend.controls.engine.wrapupTask(taskSid);
    backend.controls.flush();
    assert.equal(state().tasks[taskSid].status, 'wrapping');
    assert.equal(state().tasks[taskSid].supervision, undefined);
    await backend.disconnect();
  });

  it('keeps Call.supervision for voice, and the task says the same', async () => {
    const { backend, state, adaTask, me } = await floor();
    const taskSid = adaTask('voice');
    const callSid = state().tasks[taskSid].callSid!;
    await backend.execute('monitorTask', { taskSid, mode: 'monitor' });
    assert.deepEqual(state().calls[callSid].supervision, { supervisorSid: me(), mode: 'monitor' });
    assert.deepEqual(state().tasks[taskSid].supervision, { supervisorSid: me(), mode: 'monitor' });
    await backend.execute('monitorTask', { taskSid, mode: 'barge' });
    assert.deepEqual(state().calls[callSid].supervision, { supervisorSid: me(), mode: 'barge' });
    assert.deepEqual(state().tasks[taskSid].supervision, { supervisorSid: me(), mode: 'barge' });
    await backend.execute('stopMonitoring', { taskSid });
    assert.equal(state().calls[callSid].supervision, undefined);
    assert.equal(state().tasks[taskSid].supervision, undefined);
    await backend.disconnect();
  });
});
