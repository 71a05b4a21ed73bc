// Chat tasks the Flex way: twilio-taskrouter 2.1.1 receives the reservations, and the backend's
// InteractionsClient accepts, transfers, wraps up and completes them through the Interactions API
// tunnelled through the emulator's EventBridge endpoint. The Task API is refused for them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import TaskRouter from 'twilio-taskrouter';
import { interactionOf, InteractionsClient, InteractionsError } from '../../../src/backends/twilio/interactions.js';
import { ConversationsError } from '../../../tools/twilio-emulator/conversations.js';
import { startEmulator, type Emulator } from '../../../tools/twilio-emulator/emulator.js';
import { once, post } from './support.js';

const { Worker } = TaskRouter;
type Worker = InstanceType<typeof Worker>;



async function rejects(promise: Promise<unknown>, pattern: RegExp, status?: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.match(String((error as Error).message), pattern);
    if (status !== undefined) assert.equal((error as InteractionsError).status, status);
    return true;
  });
}

describe('twilio emulator: Interactions API (chat tasks) through EventBridge', () => {
  let emulator: Emulator;
  const workers: Worker[] = [];
  before(async () => {
    emulator = await startEmulator({ reservationTimeout: 60 });
  });
  after(async () => {
    for (const w of workers) w.disconnect();
    await emulator.close();
  });

  /** A supervisor needs no TaskRouter session to read along: only the token. */
  function supervisor(identity: string): { client: InteractionsClient; token: string } {
    const token = emulator.token(identity, { role: 'supervisor' });
    return { token, client: new InteractionsClient({ ebServer: emulator.backendOptions.ebServer, token: () => token }) };
  }

  async function agent(identity: string, role?: string): Promise<{ w: Worker; client: InteractionsClient; token: string }> {
    const token = emulator.token(identity, role ? { role } : {});
    const w = new Worker(token, { ebServer: emulator.backendOptions.ebServer, wsServer: emulator.backendOptions.wsServer, logLevel: 'silent' } as never);
    workers.push(w);
    await once(w, 'ready');
    await [...w.activities.values()].find((a) => a.name === 'Available')!.setAsCurrent();
    return { w, token, client: new InteractionsClient({ ebServer: emulator.backendOptions.ebServer, token: () => token }) };
  }

  const member = (sid: string, identity: string) => {
    try {
      return emulator.conversations.requireParticipant(sid, identity).role;
    } catch (error) {
      assert.ok(error instanceof ConversationsError);
      return `refused ${error.status} ${error.code}`;
    }
  };

  it('accept makes the agent a participant; a cold transfer to a queue moves the chat; wrap-up and complete close it', async () => {
    const ada = await agent('ada.int@example.com');
    const created = once<any>(ada.w, 'reservationCreated');
    const { taskSid, conversationSid } = await post(emulator, '/control/tasks', { channel: 'chat', identity: 'ada.int@example.com', history: 4 });
    const reservation = await created;
    const refs = interactionOf(reservation.task.sid, reservation.task.attributes)!;
    assert.ok(refs, 'the task carries its interaction');
    assert.match(refs.interactionSid, /^KD/);
    assert.match(refs.channelSid, /^UO/);
    assert.match(refs.inviteSid!, /^KG/);
    assert.equal(refs.conversationSid, conversationSid);
    assert.equal(member(conversationSid, 'ada.int@example.com'), 'refused 403 50430');
    assert.equal(member(conversationSid, 'customer'), 'customer');

    // The Task API is refused for an interaction's task, as Twilio's docs say not to use it.
    await rejects(reservation.accept(), /Interactions API/);
    assert.equal(emulator.engine.task(taskSid)?.status, 'reserved');

    const accepted = once(reservation, 'accepted');
    await ada.client.acceptInvite(refs, reservation.sid);
    await accepted;
    assert.equal(reservation.status, 'accepted');
    assert.equal(member(conversationSid, 'ada.int@example.com'), 'agent');
    // A second accept of the same invite is refused.
    await rejects(ada.client.acceptInvite(refs, reservation.sid), /not pending/, 400);

    const participants = await ada.client.participants(refs);
    assert.deepEqual(participants.map((p) => p.type).sort(), ['agent', 'customer']);
    const me = participants.find((p) => p.type === 'agent')!;
    assert.equal(me.workerSid, ada.w.sid);

    // A supervisor reads along: an Interactions participant, never the supervise instruction.
    const sup = supervisor('sup.int@example.com');
    await rejects(
      post(emulator, '/v1/eb', { url: `Workspaces/${emulator.engine.workspaceSid}/Tasks/${taskSid}/Reservations/${reservation.sid}`, method: 'POST', params: { Instruction: 'supervise', SupervisorMode: 'monitor' }, token: sup.token }).then((b) => {
        throw new Error(b.message);
      }),
      /Interactions participant/,
    );
    await rejects(ada.client.addSupervisor(refs, 'ada.int@example.com'), /Only supervisors/, 403);
    const reading = await sup.client.addSupervisor(refs, 'sup.int@example.com');
    assert.equal(member(conversationSid, 'sup.int@example.com'), 'supervisor');
    assert.equal(emulator.engine.supervision(taskSid)?.mode, 'monitor');
    await sup.client.removeParticipant(refs, reading.sid);
    assert.equal(member(conversationSid, 'sup.int@example.com'), 'refused 403 50430');
    assert.equal(emulator.engine.supervision(taskSid), undefined);

    // Cold only, to the emulator's Flex instance.
    const chatQueue = emulator.engine.listQueues().find((q) => q.channels.includes('chat'))!;
    await rejects(ada.client.transfer('GO' + 'f'.repeat(32), refs, me.sid, chatQueue.sid), /Flex instance/, 404);
    await rejects(
      ada.client.transfer(emulator.backendOptions.flexInstanceSid, refs, 'UT' + '0'.repeat(32), chatQueue.sid),
      /active agent participant/,
      400,
    );

    // The queue's next agent is Bea (Ada takes no new work, so the chat cannot come back to her).
    await [...ada.w.activities.values()].find((a) => !a.available && a.name !== 'Offline')!.setAsCurrent();
    const bea = await agent('bea.int@example.com');
    const offered = once<any>(bea.w, 'reservationCreated');
    const wrapping = once(reservation, 'wrapup');
    await ada.client.transfer(emulator.backendOptions.flexInstanceSid, refs, me.sid, chatQueue.sid);
    await wrapping;
    // The first agent left the conversation: the emulator refuses them from now on.
    assert.equal(member(conversationSid, 'ada.int@example.com'), 'refused 403 50430');
    const second = await offered;
    const refs2 = interactionOf(second.task.sid, second.task.attributes)!;
    assert.equal(refs2.channelSid, refs.channelSid);
    assert.equal(refs2.conversationSid, conversationSid);
    assert.notEqual(refs2.inviteSid, refs.inviteSid, 'the transfer is a new invite');
    const accepted2 = once(second, 'accepted');
    await bea.client.acceptInvite(refs2, second.sid);
    await accepted2;
    assert.equal(member(conversationSid, 'bea.int@example.com'), 'agent');
    assert.equal(emulator.conversations.conversations.get(conversationSid)!.messages.length, 4, 'the whole history is there');

    await rejects(second.task.wrapUp({ reason: 'x' }), /Interactions API/);
    const wrapped = once(second, 'wrapup');
    await bea.client.updateChannel(refs2, 'closed', 'wrapup');
    await wrapped;
    assert.equal(emulator.conversations.conversations.get(conversationSid)!.state, 'closed');
    const completed = once(second, 'completed');
    await bea.client.updateChannel(refs2, 'closed', 'closed');
    await completed;
    assert.equal(emulator.engine.task(second.task.sid)?.status, 'completed');

    // The first agent completes their own reservation, still through Interactions.
    const done = once(reservation, 'completed');
    await ada.client.updateChannel(refs, 'closed', 'closed');
    await done;
    assert.equal(emulator.engine.task(taskSid)?.status, 'completed');
  });

  it('decline rejects the reservation; a warm transfer and a foreign reservation are refused', async () => {
    const cy = await agent('cy.int@example.com');
    let created = once<any>(cy.w, 'reservationCreated');
    await post(emulator, '/control/tasks', { channel: 'chat', identity: 'cy.int@example.com' });
    let reservation = await created;
    let refs = interactionOf(reservation.task.sid, reservation.task.attributes)!;
    const other = await agent('dee.int@example.com');
    await rejects(other.client.acceptInvite(refs, reservation.sid), /not yours/, 403);
    const rejected = once(reservation, 'rejected');
    await cy.client.declineInvite(refs, reservation.sid);
    await rejected;
    assert.equal(member(refs.conversationSid!, 'cy.int@example.com'), 'refused 403 50430');

    created = once<any>(cy.w, 'reservationCreated');
    await post(emulator, '/control/tasks', { channel: 'chat', identity: 'cy.int@example.com' });
    reservation = await created;
    refs = interactionOf(reservation.task.sid, reservation.task.attributes)!;
    await cy.client.acceptInvite(refs, reservation.sid);
    const me = (await cy.client.participants(refs)).find((p) => p.type === 'agent')!;
    const body = await post(emulator, '/v1/eb', {
      url: `v1/Instances/${emulator.backendOptions.flexInstanceSid}/Interactions/${refs.interactionSid}/Channels/${refs.channelSid}/Transfers`,
      method: 'POST',
      params: { type: 'warm', from: me.sid, to: other.w.sid },
      token: cy.token,
    });
    assert.match(body.message, /cold only/);
    assert.equal(member(refs.conversationSid!, 'cy.int@example.com'), 'agent');
    // Leaving the channel (inactive) takes the agent out of the conversation, which goes on.
    await cy.client.updateChannel(refs, 'inactive', 'wrapup');
    assert.equal(member(refs.conversationSid!, 'cy.int@example.com'), 'refused 403 50430');
    assert.equal(emulator.conversations.conversations.get(refs.conversationSid!)!.state, 'active');
  });
});
