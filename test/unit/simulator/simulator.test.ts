import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createSimulatorBackend,
  generateCustomers,
  type SimulatorBackend,
} from '../../../src/backends/simulator/index.js';
import { BackendError } from '../../../src/backends/backend.js';
import type { DomainEvent } from '../../../src/core/domain-events.js';
import { FlexError } from '../../../src/core/errors.js';
import { createStore } from '../../../src/core/store.js';

async function connect(options: Record<string, unknown> = {}, role: 'agent' | 'supervisor' = 'agent') {
  const backend = createSimulatorBackend();
  const batches: (readonly DomainEvent[])[] = [];
  const store = createStore({ scheduler: () => () => undefined });
  backend.subscribe((events) => {
    batches.push(events);
    store.dispatch(events);
  });
  await backend.connect({
    identity: 'jane.doe@example.com',
    role,
    options: { traffic: false, autoAdvance: false, seed: 7, startTime: Date.UTC(2025, 0, 6, 10), ...options },
  });
  return { backend, batches, store, state: () => store.getState() };
}

async function available(backend: SimulatorBackend) {
  const available = backend.controls.engine.activity('Available')!;
  await backend.execute('setActivity', { activitySid: available.sid });
}

describe('simulator backend', () => {
  it('emits the initial state before connect resolves', async () => {
    const { backend, state } = await connect();
    const s = state();
    assert.equal(s.session.identity, 'jane.doe@example.com');
    const me = s.workers[s.session.workerSid!];
    assert.equal(me.name, 'Jane Doe');
    assert.equal(Object.keys(s.queues).length, 4);
    assert.equal(s.activities[me.activitySid].name, 'Offline');
    assert.equal(me.queueSids.length, 4);
    assert.ok(s.workspaceStats);
    await backend.disconnect();
  });

  it('rejects invalid options naming the option', async () => {
    for (const agents of [-3, 'abc', 20000]) {
      const backend = createSimulatorBackend();
      await assert.rejects(backend.connect({ identity: 'a', role: 'agent', options: { agents } }), (error: unknown) => {
        assert.ok(error instanceof FlexError);
        assert.equal(error.code, 'invalid-option');
        assert.match(error.message, /agents/);
        return true;
      });
    }
  });

  it('offers a chat task to the person, who accepts, chats, wraps up and completes', async () => {
    const { backend, state } = await connect();
    await available(backend);
    const taskSid = backend.controls.createTask({ channel: 'chat', firstMessage: 'Hello?' });
    const task = state().tasks[taskSid];
    assert.equal(task.status, 'reserved');
    assert.equal(task.workerSid, state().session.workerSid);
    assert.match(task.customer.crmId!, /^CRM-\d{5}$/);
    const reservation = Object.values(state().reservations).find((r) => r.taskSid === taskSid)!;
    assert.equal(reservation.status, 'pending');
    await backend.execute('acceptReservation', { reservationSid: reservation.sid });
    assert.equal(state().tasks[taskSid].status, 'assigned');
    const conversationSid = state().tasks[taskSid].conversationSid!;
    assert.equal(state().messages[conversationSid][0].body, 'Hello?');
    const sent = await backend.execute('sendMessage', { conversationSid, body: 'Hi, how can I help?' });
    assert.equal(state().messages[conversationSid].find((m) => m.sid === sent.messageSid)!.authorRole, 'agent');
    backend.controls.advance(60_000);
    const last = state().messages[conversationSid].at(-1)!;
    assert.equal(last.authorRole, 'customer');
    backend.controls.customerSays(taskSid, 'Thanks!');
    assert.equal(state().messages[conversationSid].at(-1)!.body, 'Thanks!');
    await backend.execute('wrapupTask', { taskSid });
    assert.equal(state().tasks[taskSid].status, 'wrapping');
    await backend.execute('completeTask', { taskSid });
    assert.equal(state().tasks[taskSid].status, 'completed');
    assert.equal(state().reservations[reservation.sid].status, 'completed');
    await backend.disconnect();
  });

  it('times out an unanswered reservation and refuses to accept it afterwards', async () => {
    const { backend, state } = await connect();
    await available(backend);
    const taskSid = backend.controls.createTask({ channel: 'voice' });
    const reservation = Object.values(state().reservations).find((r) => r.taskSid === taskSid)!;
    backend.controls.advance(31_000);
    assert.equal(state().reservations[reservation.sid].status, 'timeout');
    assert.equal(state().tasks[taskSid].status, 'pending');
    const me = state().workers[state().session.workerSid!];
    assert.equal(state().activities[me.activitySid].name, 'Unavailable');
    await assert.rejects(
      backend.execute('acceptReservation', { reservationSid: reservation.sid }),
      (error: unknown) => {
        assert.ok(error instanceof BackendError);
        assert.equal(error.code, 'invalid-state');
        assert.match(error.message, /timeout/);
        return true;
      },
    );
    await backend.disconnect();
  });

  it('runs a voice call: answer, mute, hold, hang up', async () => {
    const { backend, state } = await connect();
    await available(backend);
    const taskSid = backend.controls.createTask({ channel: 'voice' });
    const callSid = state().tasks[taskSid].callSid!;
    assert.equal(state().calls[callSid].status, 'ringing');
    const reservation = Object.values(state().reservations).find((r) => r.taskSid === taskSid)!;
    await backend.execute('acceptReservation', { reservationSid: reservation.sid });
    assert.equal(state().calls[callSid].status, 'in-progress');
    await backend.execute('muteCall', { taskSid, muted: true });
    assert.equal(state().calls[callSid].muted, true);
    await backend.execute('holdCall', { taskSid, hold: true });
    backend.controls.advance(12_000);
    await backend.execute('holdCall', { taskSid, hold: false });
    assert.equal(state().calls[callSid].holdSeconds, 12);
    await backend.execute('hangupCall', { taskSid });
    assert.equal(state().calls[callSid].status, 'completed');
    assert.equal(state().tasks[taskSid].status, 'wrapping');
    await backend.disconnect();
  });

  it('shares its customer directory with generateCustomers', async () => {
    const { backend } = await connect({ seed: 42 });
    const directory = generateCustomers(42, 500);
    assert.deepEqual(backend.controls.customers.slice(0, 5), directory.slice(0, 5));
    assert.equal(directory[41].crmId, 'CRM-00042');
    assert.match(directory[0].phone, /^\+[1-9]\d{7,14}$/);
    await backend.disconnect();
  });
});
