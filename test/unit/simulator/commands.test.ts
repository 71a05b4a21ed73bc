import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectSimulator } from './connect.js';
import { BackendError } from '../../../src/backends/backend.js';

async function connect(options: Record<string, unknown> = {}, role: 'agent' | 'supervisor' = 'agent') {
  const { backend, state } = await connectSimulator(options, role);
  const goAvailable = () =>
    backend.execute('setActivity', { activitySid: backend.controls.engine.activity('Available')!.sid });
  return { backend, state, goAvailable };
}

const code = (expected: string) => (error: unknown) => error instanceof BackendError && error.code === expected;

describe('simulator commands', () => {
  it('gives the same event log for the same seed and inputs', async () => {
    const logs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { backend } = await connect({ traffic: true, agents: 40, seed: 11 });
      for (let m = 0; m < 90; m++) backend.controls.advance(60_000);
      logs.push(JSON.stringify(backend.controls.engine.log));
      await backend.disconnect();
    }
    assert.ok(logs[0].length > 10_000);
    assert.equal(logs[0], logs[1]);
    const { backend } = await connect({ traffic: true, agents: 40, seed: 12 });
    for (let m = 0; m < 90; m++) backend.controls.advance(60_000);
    assert.notEqual(JSON.stringify(backend.controls.engine.log), logs[0]);
    await backend.disconnect();
  });

  it('rejects unknown sids and bad payloads with clear errors', async () => {
    const { backend } = await connect();
    await assert.rejects(backend.execute('acceptReservation', { reservationSid: 'WRnope' }), code('not-found'));
    await assert.rejects(backend.execute('completeTask', { taskSid: 'WTnope' }), /No task "WTnope"/);
    await assert.rejects(backend.execute('setActivity', { activitySid: 'Lunch' }), code('not-found'));
    await assert.rejects(backend.execute('sendDigits', { taskSid: 'x', digits: 'abc' }), code('invalid-argument'));
    await assert.rejects(backend.execute('startOutboundCall', { to: 'call me' }), code('invalid-argument'));
    await assert.rejects(backend.execute('monitorTask', { taskSid: 'x', mode: 'monitor' }), code('forbidden'));
    await backend.disconnect();
    await assert.rejects(backend.execute('wrapupTask', { taskSid: 'x' }), code('not-connected'));
  });

  it('places outbound calls with forced outcomes and cancels while connecting', async () => {
    const { backend, state } = await connect();
    backend.controls.setNextOutboundOutcome('answered');
    const { taskSid, callSid } = await backend.execute('startOutboundCall', { to: '+14155550123' });
    assert.equal(state().calls[callSid].status, 'connecting');
    assert.equal(state().tasks[taskSid].status, 'assigned');
    await assert.rejects(backend.execute('startOutboundCall', { to: '+14155550124' }), code('busy'));
    backend.controls.advance(30_000);
    assert.equal(state().calls[callSid].status, 'in-progress');
    await backend.execute('sendDigits', { taskSid, digits: '12#' });
    await backend.execute('hangupCall', { taskSid });
    await backend.execute('completeTask', { taskSid });
    backend.controls.setNextOutboundOutcome('busy');
    const busy = await backend.execute('startOutboundCall', { to: '+14155550125' });
    backend.controls.advance(5000);
    assert.equal(state().calls[busy.callSid].status, 'busy');
    assert.equal(state().tasks[busy.taskSid].status, 'wrapping');
    await backend.execute('completeTask', { taskSid: busy.taskSid });
    const third = await backend.execute('startOutboundCall', { to: '+14155550126' });
    await backend.execute('hangupCall', { taskSid: third.taskSid });
    assert.equal(state().calls[third.callSid].status, 'canceled');
    await backend.disconnect();
  });

  it('pages older conversation history', async () => {
    const { backend, state, goAvailable } = await connect();
    await goAvailable();
    const taskSid = backend.controls.createTask({ channel: 'chat', history: 25, firstMessage: 'Back again' });
    const conversationSid = state().tasks[taskSid].conversationSid!;
    assert.equal(state().conversations[conversationSid].hasOlder, true);
    assert.equal(state().messages[conversationSid].length, 1);
    const page = await backend.execute('loadMessages', { conversationSid, pageSize: 20 });
    assert.deepEqual(page, { loaded: 20, hasOlder: true });
    const rest = await backend.execute('loadMessages', { conversationSid, pageSize: 20 });
    assert.deepEqual(rest, { loaded: 5, hasOlder: false });
    assert.equal(state().messages[conversationSid].length, 26);
    assert.equal(state().conversations[conversationSid].hasOlder, false);
    await backend.disconnect();
  });

  it('abandons a waiting task when the customer leaves, and counts it', async () => {
    // A supervisor: an agent's browser never holds a task that did not reserve them.
    const { backend, state } = await connect({}, 'supervisor');
    const taskSid = backend.controls.createTask({ channel: 'voice' });
    backend.controls.advance(20_000);
    backend.controls.customerLeaves(taskSid);
    assert.equal(state().tasks[taskSid].status, 'canceled');
    assert.equal(state().calls[state().tasks[taskSid].callSid!].status, 'canceled');
    assert.equal(state().workspaceStats!.today.abandoned, 1);
    await backend.disconnect();
  });

  it('warm-transfers a call to a queue and lets a supervisor monitor and barge', async () => {
    const { backend, state, goAvailable } = await connect({}, 'supervisor');
    await goAvailable();
    const taskSid = backend.controls.createTask({ channel: 'voice' });
    const reservation = Object.values(state().reservations).find((r) => r.taskSid === taskSid)!;
    await backend.execute('acceptReservation', { reservationSid: reservation.sid });
    await backend.execute('transferTask', { taskSid, to: 'Support', mode: 'warm' });
    assert.equal(state().tasks[taskSid].transfer!.status, 'initiated');
    await backend.execute('cancelTransfer', { taskSid });
    assert.equal(state().tasks[taskSid].transfer!.status, 'canceled');
    await assert.rejects(backend.execute('monitorTask', { taskSid, mode: 'monitor' }), /own task/);
    await backend.disconnect();
  });

  it('lets a supervisor monitor, coach and barge another agent’s call, then stop', async () => {
    const { backend, state } = await connect({ traffic: true, agents: 10, seed: 5 }, 'supervisor');
    backend.controls.setTraffic(false);
    const taskSid = backend.controls.createTask({ channel: 'voice' });
    backend.controls.advance(15_000);
    assert.equal(state().tasks[taskSid].status, 'assigned');
    await backend.execute('monitorTask', { taskSid, mode: 'monitor' });
    const callSid = state().tasks[taskSid].callSid!;
    assert.deepEqual(state().calls[callSid].supervision, {
      supervisorSid: state().session.workerSid,
      mode: 'monitor',
    });
    assert.equal(state().calls[callSid].participants.find((p) => p.kind === 'supervisor')!.muted, true);
    await backend.execute('monitorTask', { taskSid, mode: 'barge' });
    assert.equal(state().calls[callSid].participants.find((p) => p.kind === 'supervisor')!.muted, false);
    await backend.execute('stopMonitoring', { taskSid });
    assert.equal(state().calls[callSid].supervision, undefined);
    assert.equal(
      state().calls[callSid].participants.some((p) => p.kind === 'supervisor'),
      false,
    );
    await backend.disconnect();
  });
});
