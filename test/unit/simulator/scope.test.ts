import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectSimulator } from './connect.js';
import { BackendError } from '../../../src/backends/backend.js';

const connect = (role: 'agent' | 'supervisor') => connectSimulator({ traffic: true, agents: 30, seed: 5 }, role);

/** A busy floor: other agents take chats in which customers share a card number. */
function busyFloor(backend: Awaited<ReturnType<typeof connect>>['backend']) {
  const secret = 'card 4111 1111 1111 1111 pin 0042';
  const taskSid = backend.controls.createTask({ channel: 'chat', customer: { name: 'Private Person', phone: '+14155550199', email: 'private@example.com', crmId: 'CRM-SECRET' }, firstMessage: secret });
  // Until another agent has it (bots answer within seconds when one is free).
  for (let i = 0; i < 600 && backend.controls.engine.task(taskSid)?.status !== 'assigned'; i++) backend.controls.advance(1_000);
  return { secret, taskSid };
}

describe("what an agent's browser holds (simulator scoping, as Twilio does)", () => {
  it("holds no other agent's task, customer, chat text or worker attributes", async () => {
    const { backend, state } = await connect('agent');
    const { secret, taskSid } = busyFloor(backend);
    const engineTask = backend.controls.engine.task(taskSid);
    assert.ok(engineTask, 'the task exists in the simulation');
    assert.notEqual(engineTask.workerSid, backend.controls.workerSid);
    const dump = JSON.stringify(state());
    assert.ok(!dump.includes(secret), 'another agent’s chat text');
    assert.ok(!dump.includes('CRM-SECRET') && !dump.includes('private@example.com') && !dump.includes('+14155550199'));
    assert.equal(state().tasks[taskSid], undefined);
    const me = backend.controls.workerSid;
    for (const worker of Object.values(state().workers)) {
      if (worker.sid === me) assert.ok(Object.keys(worker.attributes).length > 0);
      else {
        assert.deepEqual(worker.attributes, {});
        assert.equal(worker.email, undefined);
      }
    }
    assert.ok(Object.keys(state().workers).length > 10, 'the transfer directory still lists the floor');
    await backend.disconnect();
  });

  it("refuses to load or mark read another agent's conversation", async () => {
    const { backend } = await connect('agent');
    const { taskSid } = busyFloor(backend);
    const conversationSid = [...(backend as unknown as { sim: { conversations: Map<string, { sid: string; taskSid: string }> } }).sim.conversations.values()].find(
      (c) => c.taskSid === taskSid,
    )!.sid;
    const forbidden = (error: unknown) => error instanceof BackendError && error.code === 'forbidden';
    await assert.rejects(backend.execute('loadMessages', { conversationSid, pageSize: 30 }), forbidden);
    await assert.rejects(backend.execute('markRead', { conversationSid, index: 0 }), forbidden);
    await backend.disconnect();
  });

  it('gives the agent the whole conversation once a chat reserves them', async () => {
    const { backend, state } = await connect('agent');
    await backend.execute('setActivity', { activitySid: backend.controls.engine.activity('Available')!.sid });
    let mine: string | undefined;
    for (let i = 0; i < 200 && !mine; i++) {
      const sid = backend.controls.createTask({ channel: 'chat', firstMessage: `hello ${i}` });
      if (Object.values(state().reservations).some((r) => r.taskSid === sid)) mine = sid;
    }
    assert.ok(mine, 'a chat reserved the agent');
    const task = state().tasks[mine];
    assert.ok(task.conversationSid);
    assert.ok(state().conversations[task.conversationSid]);
    assert.ok((state().messages[task.conversationSid] ?? []).some((m) => m.body.startsWith('hello')));
    await backend.disconnect();
  });

  it('gives a supervisor the whole floor', async () => {
    const { backend, state } = await connect('supervisor');
    const { secret, taskSid } = busyFloor(backend);
    assert.ok(state().tasks[taskSid]);
    assert.ok(JSON.stringify(state()).includes(secret));
    await backend.disconnect();
  });
});
