import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatorBackend } from '../../../src/backends/simulator/index.js';
import { createStore } from '../../../src/core/store.js';
import { connectSimulator } from './connect.js';

async function restore(state: ReturnType<Awaited<ReturnType<typeof connectSimulator>>['backend']['handoverState']>, options: Record<string, unknown> = {}) {
  const backend = createSimulatorBackend();
  const store = createStore({ scheduler: () => () => undefined });
  backend.subscribe((events) => store.dispatch(events));
  await backend.connect({ identity: 'sam.lee', role: 'agent', options: { autoAdvance: false, ...options }, restore: state });
  return { backend, state: () => store.getState() };
}

/** What a person and the statistics see: tasks, reservations, messages, the person's worker, the log. */
function observable(backend: ReturnType<typeof createSimulatorBackend>) {
  const engine = backend.controls.engine;
  return JSON.stringify({
    now: backend.controls.now(),
    tasks: engine.listTasks(),
    reservations: engine.listReservations(),
    workers: engine.listWorkers(),
    stats: engine.workspaceStatistics(),
    log: engine.log,
  });
}

describe('simulator handover (snapshot.ts)', () => {
  it('continues a busy session elsewhere: the same tasks, sids, messages, statistics and clock', async () => {
    const a = await connectSimulator({ traffic: false, agents: 30, seed: 5 });
    const { controls } = a.backend;
    await a.backend.execute('setActivity', { activitySid: controls.engine.activity('Available')!.sid });
    const taskSid = controls.createTask({ channel: 'chat', firstMessage: 'Hello?' });
    controls.advance(1_000);
    const reservation = Object.values(a.state().reservations).find((r) => r.taskSid === taskSid && r.status === 'pending');
    assert.ok(reservation, 'the chat rings for the person');
    await a.backend.execute('acceptReservation', { reservationSid: reservation.sid });
    const conversationSid = a.state().tasks[taskSid].conversationSid!;
    await a.backend.execute('sendMessage', { conversationSid, body: 'Hi, how can I help?' });
    // Customers and other agents from now on (a control, journaled like the commands).
    controls.setTraffic(true);
    for (let m = 0; m < 30; m++) controls.advance(30_000);
    controls.customerSays(taskSid, 'My order is late');
    controls.advance(5_000);

    const state = a.backend.handoverState()!;
    assert.equal(state.kind, 'simulator');
    assert.ok(state.entries.length >= 5);
    // Structured-cloneable (BroadcastChannel, IndexedDB).
    const b = await restore(structuredClone(state));
    assert.equal(observable(b.backend), observable(a.backend));
    assert.deepEqual(
      b.state().messages[conversationSid]?.map((m) => m.body),
      a.state().messages[conversationSid]?.map((m) => m.body),
    );
    assert.equal(b.state().tasks[taskSid].status, 'assigned');

    // Both go on the same way from there.
    for (const backend of [a.backend, b.backend]) {
      backend.controls.advance(600_000);
      await backend.execute('sendMessage', { conversationSid, body: 'Sorted.' });
    }
    assert.equal(observable(b.backend), observable(a.backend));
    await a.backend.disconnect();
    await b.backend.disconnect();
  });

  it('moves the clock on by the time that passed, at the simulation speed', async () => {
    const a = await connectSimulator({ autoAdvance: true, speed: 60, tickMs: 10_000 });
    const state = a.backend.handoverState()!;
    await a.backend.disconnect();
    assert.equal(state.rate, 60);
    const later = { ...state, wall: state.wall - 10_000 };
    const b = await restore(later, { autoAdvance: true, tickMs: 10_000 });
    assert.ok(b.backend.controls.now() >= state.now + 600_000, 'ten seconds away is ten simulated minutes at speed 60');
    await b.backend.disconnect();
  });

  it('starts afresh from a state that is not its own (another identity, a wrong version)', async () => {
    const a = await connectSimulator({});
    const taskSid = a.backend.controls.createTask({ channel: 'voice' });
    const state = a.backend.handoverState()!;
    await a.backend.disconnect();
    for (const wrong of [{ ...state, version: 99 }, { ...state, base: { ...(state.base as object), identity: 'someone.else' } }]) {
      const b = await restore(wrong);
      assert.equal(b.backend.controls.engine.task(taskSid), undefined);
      await b.backend.disconnect();
    }
  });
});
