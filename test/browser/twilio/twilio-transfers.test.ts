// Transfers and outbound calls with the real twilio-taskrouter and
// @twilio/voice-sdk in Chromium against the loopback emulator.
import { expect } from '@open-wc/testing';
import { control, emulatorUntil, goAvailable, reservationFor, signIn, until, type Mounted } from './emulator-helpers.js';

/** Two agents signed in and available; the first holds an accepted chat task. */
async function agentWithTask(channel = 'chat'): Promise<{ a: Mounted; b: Mounted; taskSid: string }> {
  const [a, b] = await Promise.all([signIn(), signIn()]);
  await Promise.all([goAvailable(a), goAvailable(b)]);
  const { taskSid, reservation } = await reservationFor(a, channel, channel === 'voice' ? {} : { firstMessage: 'I need a specialist' });
  await a.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
  await until(() => a.state().tasks[taskSid]?.status === 'assigned', 'assigned to the first agent');
  if (channel === 'voice') await until(() => Object.values(a.state().calls).find((c) => c.taskSid === taskSid && c.status === 'in-progress'), 'the first agent on the call');
  return { a, b, taskSid };
}

/** The transferred copy of `taskSid` offered to `m`, pending. */
function offered(m: Mounted, except: string) {
  return until(
    () => Object.values(m.state().reservations).find((r) => r.status === 'pending' && r.taskSid !== except),
    'the transfer offered to the second agent',
  );
}

describe('backend="twilio": transfers and outbound calls', function () {
  this.timeout(40_000);

  it('the transfer directory: queues and other agents from Workspace.fetchWorkers / fetchTaskQueues', async () => {
    const other = await signIn();
    const m = await signIn();
    const emulated = await control('/control/state');
    await until(() => Object.keys(m.state().queues).length > 0, 'the queues');
    expect(Object.values(m.state().queues).every((q) => q.sid.startsWith('WQ') && q.name)).to.equal(true);
    const otherSid = other.state().session.workerSid!;
    const colleague = await until(() => m.state().workers[otherSid], 'the other agent in the directory');
    expect(colleague.identity).to.equal(other.identity);
    // An agent's browser holds a colleague's name, not their attributes or e-mail.
    expect([colleague.attributes, colleague.email]).to.deep.equal([{}, undefined]);
    expect(emulated.workers.some((w: { sid: string }) => w.sid === otherSid)).to.equal(true);
    const requests = (await control('/control/requests')).map((r: any) => `${r.method} ${r.url.split('/').slice(2).join('/')}`);
    expect(requests).to.include.members(['GET Workers', 'GET TaskQueues']);
  });

  it('warm transfer of a call to another agent, then cancel: the offer is withdrawn and the task stays', async () => {
    const { a, b, taskSid } = await agentWithTask('voice');
    const bSid = b.state().session.workerSid!;
    await a.el.actions!.invoke('TransferTask', { taskSid, to: bSid, mode: 'warm' });
    const offer = await offered(b, taskSid);
    const transfer = await until(() => a.state().tasks[taskSid].transfer, 'the transfer on the task');
    expect([transfer.mode, transfer.to, transfer.toKind, transfer.status]).to.deep.equal(['warm', bSid, 'worker', 'initiated']);

    await a.el.actions!.invoke('CancelTransfer', { taskSid });
    await until(() => a.state().tasks[taskSid].transfer?.status === 'canceled', 'transfer canceled');
    await until(() => ['canceled', 'rescinded'].includes(b.state().reservations[offer.sid]?.status), 'the offer withdrawn');
    expect(a.state().tasks[taskSid].status).to.equal('assigned');
    expect(a.state().tasks[taskSid].workerSid).to.equal(a.state().session.workerSid);
    // The task still works for its agent.
    await a.el.actions!.invoke('WrapupTask', { taskSid });
    await until(() => a.state().tasks[taskSid].status === 'wrapping', 'wrapping');
  });

  it('warm transfer of a call accepted: the first agent wraps up and completes their own reservation only', async () => {
    const { a, b, taskSid } = await agentWithTask('voice');
    await a.el.actions!.invoke('TransferTask', { taskSid, to: b.state().session.workerSid!, mode: 'warm' });
    const offer = await offered(b, taskSid);
    await b.el.actions!.invoke('AcceptTask', { taskSid: offer.taskSid, reservationSid: offer.sid });
    await until(() => b.state().tasks[offer.taskSid]?.status === 'assigned', 'assigned to the second agent');
    await a.el.actions!.invoke('WrapupTask', { taskSid });
    await until(() => a.state().tasks[taskSid].status === 'wrapping', 'the first agent wrapping');
    await a.el.actions!.invoke('CompleteTask', { taskSid });
    await until(() => a.state().tasks[taskSid].status === 'completed', 'the first agent done');
    // Acted on the reservations, not the task (TaskRouter's task-level status would end both).
    const requests = (await control('/control/requests')).filter((r: any) => r.url.includes('/Tasks/') && r.params.AssignmentStatus);
    expect(requests.filter((r: any) => r.url.endsWith(taskSid))).to.deep.equal([]);
    // The second agent's reservation is not completed by the first one's CompleteTask. (Their call
    // may have ended: the first agent's leg still has endConferenceOnExit, as Flex leaves it for
    // a warm transfer; see the README's open questions.)
    const second = (await control('/control/state')).reservations.find((r: any) => r.sid === offer.sid);
    expect(second.status).to.be.oneOf(['accepted', 'wrapping']);
    expect(b.state().reservations[offer.sid].status).to.be.oneOf(['accepted', 'wrapping']);
  });

  it('a chat is transferred cold through Interactions: warm is refused, the first agent leaves at once, no cancel', async () => {
    const { a, b, taskSid } = await agentWithTask();
    const bSid = b.state().session.workerSid!;
    const before = (await control('/control/requests')).length;
    let warm: unknown;
    try {
      await a.el.actions!.invoke('TransferTask', { taskSid, to: bSid, mode: 'warm' });
    } catch (e) {
      warm = e;
    }
    expect(String((warm as Error)?.message)).to.match(/cold only/);
    const kdOf = String(a.state().tasks[taskSid].attributes['flexInteractionSid']);
    expect((await control('/control/requests')).slice(before).filter((r: any) => r.url.includes(kdOf)), 'nothing sent for a warm chat transfer').to.deep.equal([]);

    await a.el.actions!.invoke('TransferTask', { taskSid, to: bSid, mode: 'cold' });
    // The first agent wraps up at once and is out of the conversation before anyone accepts.
    await until(() => a.state().tasks[taskSid].status === 'wrapping', 'the first agent in wrap-up');
    const conversationSid = a.state().tasks[taskSid].conversationSid!;
    const members = async () => (await control('/control/state')).conversations.find((c: any) => c.sid === conversationSid).participants.map((p: any) => p.identity);
    expect(await members()).to.not.include(a.identity);
    // This chat's requests (other test files share the emulator).
    const requests = (await control('/control/requests')).slice(before).filter((r: any) => r.url.includes(kdOf));
    expect(requests.map((r: any) => `${r.method} ${r.url.replace(/[A-Z]{2}[0-9a-f]{32}/g, '*')}`)).to.deep.equal([
      'GET v1/Interactions/*/Channels/*/Participants',
      'POST v1/Instances/*/Interactions/*/Channels/*/Transfers',
    ]);
    expect(requests[1].params).to.include({ type: 'cold', to: bSid });
    let cancel: unknown;
    try {
      await a.el.actions!.invoke('CancelTransfer', { taskSid });
    } catch (e) {
      cancel = e;
    }
    expect(String((cancel as Error)?.message)).to.match(/cannot be canceled/);

    const offer = await offered(b, taskSid);
    await b.el.actions!.invoke('AcceptTask', { taskSid: offer.taskSid, reservationSid: offer.sid });
    await until(() => b.state().tasks[offer.taskSid]?.status === 'assigned', 'assigned to the second agent');
    expect(await members()).to.include(b.identity);
    await until(() => (b.state().messages[conversationSid] ?? []).some((m) => m.body === 'I need a specialist'), 'the history for the second agent');
  });

  it('cold transfer of a call: the first agent leaves without ending the conference; the customer stays with the second', async () => {
    const { a, b, taskSid } = await agentWithTask('voice');
    const aSid = a.state().session.workerSid!;
    await a.el.actions!.invoke('TransferTask', { taskSid, to: b.state().session.workerSid!, mode: 'cold' });
    const conferenceOf = (s: any) => s.conferences.find((c: any) => c.taskSid === taskSid);
    await emulatorUntil((s) => conferenceOf(s)?.participants.find((p: any) => p.workerSid === aSid)?.endConferenceOnExit === false, 'endConferenceOnExit off before the transfer');
    const offer = await offered(b, taskSid);
    await b.el.actions!.invoke('AcceptTask', { taskSid: offer.taskSid, reservationSid: offer.sid });
    await until(() => Object.values(b.state().calls).find((c) => c.taskSid === offer.taskSid && c.status === 'in-progress'), 'the second agent on the call');
    await until(() => a.state().tasks[taskSid].status === 'wrapping', 'the first agent in wrap-up');
    await emulatorUntil((s) => conferenceOf(s)?.participants.find((p: any) => p.workerSid === aSid)?.status === 'left', 'the first agent out of the conference');
    const conference = conferenceOf(await control('/control/state'));
    expect([conference.status, conference.customer.status]).to.deep.equal(['in-progress', 'in-progress']);
    expect(b.state().tasks[offer.taskSid].status).to.equal('assigned');
    // The second agent (endConferenceOnExit on) hangs up: now the conference ends, customer and all.
    await b.el.actions!.invoke('HangupCall', { taskSid: offer.taskSid });
    await emulatorUntil((s) => conferenceOf(s)?.status === 'completed' && conferenceOf(s).customer.status === 'completed', 'the conference ended');
    await until(() => b.state().tasks[offer.taskSid].status === 'wrapping', 'the second agent in wrap-up');
  });

  it('places an outbound call as Flex: Worker.createTask, the reservation accepted with a conference, an incoming leg', async () => {
    const emulated = await control('/control/state');
    const queue = emulated.queues.find((q: { channels: string[] }) => q.channels.includes('voice'));
    const m = await signIn({ extra: { outboundWorkflowSid: emulated.workflows[0].sid, outboundQueueSid: queue.sid, outboundCallerId: '+18005550100' } });
    await goAvailable(m);
    const result = await m.el.actions!.invoke<{ taskSid: string; callSid: string } | undefined>('StartOutboundCall', { to: '+1 (415) 555-0111' });
    const call = await until(() => Object.values(m.state().calls).find((c) => c.direction === 'outbound' && c.status === 'in-progress'), 'the outbound call');
    expect([call.to, call.from]).to.deep.equal(['+14155550111', '+18005550100']);
    const taskSid = call.taskSid!;
    if (result) expect(result.taskSid).to.equal(taskSid);
    const task = await until(() => m.state().tasks[taskSid]?.status === 'assigned' && m.state().tasks[taskSid], 'the outbound task');
    expect(task.channel).to.equal('voice');
    expect(task.attributes['outbound_to']).to.equal('+14155550111');
    const requests = await control('/control/requests');
    const create = requests.find((r: any) => r.method === 'POST' && r.url.endsWith('/Tasks') && r.params.RoutingTarget === m.state().session.workerSid);
    expect([create.params.WorkflowSid, create.params.TaskQueueSid]).to.deep.equal([emulated.workflows[0].sid, queue.sid]);
    expect(requests.some((r: any) => r.params.Instruction === 'conference' && r.url.includes(m.state().session.workerSid!))).to.equal(true);
    // The Device's leg was an incoming call, not a Device dial.
    const legs = (await control('/control/state')).calls.filter((c: any) => c.identity === m.identity);
    expect(legs.map((c: any) => [c.direction, c.taskSid])).to.deep.equal([['inbound', taskSid]]);

    await m.el.actions!.invoke('HangupCall', { taskSid });
    await until(() => m.state().tasks[taskSid].status === 'wrapping', 'wrapping after hang-up');
    await m.el.actions!.invoke('CompleteTask', { taskSid });
    await until(() => m.state().tasks[taskSid].status === 'completed', 'completed');
  });

  it('an outbound call without the outbound workflow and queue is refused with a clear error', async () => {
    const m = await signIn({ extra: { outboundWorkflowSid: undefined, outboundQueueSid: undefined } });
    let error: unknown;
    try {
      await m.el.actions!.invoke('StartOutboundCall', { to: '+14155550111' });
    } catch (e) {
      error = e;
    }
    expect(String((error as Error)?.message)).to.match(/outboundWorkflowSid and outboundQueueSid/);
  });

  it('a bad number is refused with a clear error before anything is dialed', async () => {
    const m = await signIn();
    let error: unknown;
    try {
      await m.el.actions!.invoke('StartOutboundCall', { to: 'call me maybe' });
    } catch (e) {
      error = e;
    }
    expect(String((error as Error)?.message)).to.match(/phone number/);
    const mine = (await control('/control/state')).calls.filter((c: { identity: string }) => c.identity === m.identity);
    expect(mine).to.deep.equal([]);
  });
});
