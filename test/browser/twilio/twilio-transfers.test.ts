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

  it('warm transfer to another agent, then cancel: the offer is withdrawn and the task stays', async () => {
    const { a, b, taskSid } = await agentWithTask();
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

  it('warm transfer accepted: the first agent wraps up and completes their reservation only; the second keeps the task', async () => {
    const { a, b, taskSid } = await agentWithTask();
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
    await emulatorUntil((s) => s.tasks.find((t: any) => t.sid === offer.taskSid)?.status === 'assigned', 'the second agent still assigned in the emulator');
    expect(b.state().tasks[offer.taskSid].status).to.equal('assigned');
    expect(b.state().reservations[offer.sid].status).to.equal('accepted');
  });

  it('cold transfer: accepted by the other agent, the first goes to wrap-up; a second transfer can be canceled', async () => {
    const { a, b, taskSid } = await agentWithTask();
    const bSid = b.state().session.workerSid!;
    await a.el.actions!.invoke('TransferTask', { taskSid, to: bSid, mode: 'cold' });
    const offer = await offered(b, taskSid);
    expect(a.state().tasks[taskSid].transfer?.mode).to.equal('cold');
    await b.el.actions!.invoke('AcceptTask', { taskSid: offer.taskSid, reservationSid: offer.sid });
    await until(() => b.state().tasks[offer.taskSid]?.status === 'assigned', 'assigned to the second agent');
    await until(() => a.state().tasks[taskSid].status === 'wrapping', 'the first agent in wrap-up');
    await until(() => a.state().tasks[taskSid].transfer?.status === 'completed', 'transfer completed');

    // Cancel before it is accepted: the task goes back to nobody but its holder.
    await b.el.actions!.invoke('TransferTask', { taskSid: offer.taskSid, to: a.state().session.workerSid!, mode: 'cold' });
    await until(() => b.state().tasks[offer.taskSid].transfer?.status === 'initiated', 'second transfer initiated');
    await b.el.actions!.invoke('CancelTransfer', { taskSid: offer.taskSid });
    await until(() => b.state().tasks[offer.taskSid].transfer?.status === 'canceled', 'second transfer canceled');
    expect(b.state().tasks[offer.taskSid].status).to.equal('assigned');
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
