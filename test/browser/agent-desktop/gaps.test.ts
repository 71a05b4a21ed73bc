import { expect } from '@open-wc/testing';
import { button, deep, deepText, deskFixture, goAvailable, settle, type Desk } from './desk-helpers.js';

describe('agent desktop: next task, missed calls, shortcuts once', () => {
  let d: Desk;
  afterEach(() => d?.log.dispose());

  it('selects the oldest assigned task when the selected one completes, and tells the CRM', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const actions = d.provider.actions!;
    const a = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann Older' } });
    await actions.invoke('AcceptTask', { taskSid: a });
    d.sim.advance(1000);
    const b = d.sim.createTask({ channel: 'sms', customer: { name: 'Bo Newer' } });
    await actions.invoke('AcceptTask', { taskSid: b });
    d.sim.advance(1000);
    const c = d.sim.createTask({ channel: 'email', customer: { name: 'Cy Newest' } });
    await actions.invoke('AcceptTask', { taskSid: c });
    await settle();
    await actions.invoke('SelectTask', { taskSid: b });
    await settle();
    await actions.invoke('WrapupTask', { taskSid: b });
    await settle();
    // Wrap-up keeps the task on the canvas: it still needs the agent.
    expect(d.state().ui.selectedTaskSid).to.equal(b);
    await actions.invoke('CompleteTask', { taskSid: b });
    await settle();
    await settle();
    expect(d.state().ui.selectedTaskSid).to.equal(a);
    expect(deepText(deep(d.desk, 'flex-task-canvas')!)).to.contain('Ann Older');
    expect(deep(d.desk, 'flex-task-canvas >>> [part="empty"]')).to.equal(undefined);
    // The CRM hears the completion first, then the selection of the next task.
    const order = d.log.events.filter((e) => e.type === 'flex-task-completed' || e.type === 'flex-task-selected');
    expect(order.slice(-2).map((e) => [e.type, e.detail.taskSid])).to.deep.equal([
      ['flex-task-completed', b],
      ['flex-task-selected', a],
    ]);
    await expect(d.desk).to.be.accessible();
  });

  it('selects the next task when the selected one is canceled, and never a ringing one', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const actions = d.provider.actions!;
    const a = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await actions.invoke('AcceptTask', { taskSid: a });
    // The agent looks at a ringing task, and its customer hangs up: the task is canceled.
    const b = d.sim.createTask({ channel: 'voice', customer: { name: 'Bo' } });
    await settle();
    await actions.invoke('SelectTask', { taskSid: b });
    await settle();
    d.sim.customerLeaves(b);
    await settle();
    await settle();
    expect(d.state().tasks[b]?.status ?? 'removed').to.be.oneOf(['canceled', 'removed']);
    expect(d.state().ui.selectedTaskSid).to.equal(a);
    // Only a ringing task left: the canvas empties rather than picking it.
    const ringing = d.sim.createTask({ channel: 'chat', customer: { name: 'Cy' } });
    await settle();
    expect(d.state().tasks[ringing].status).to.equal('reserved');
    await actions.invoke('WrapupTask', { taskSid: a });
    await actions.invoke('CompleteTask', { taskSid: a });
    await settle();
    await settle();
    expect(d.state().ui.selectedTaskSid).to.equal(a);
    expect(deep(d.desk, 'flex-task-canvas >>> [part="empty"]')).to.not.equal(undefined);
    expect(button(d.desk, 'Accept')).to.not.equal(undefined);
  });

  it('leaves the selection alone when the person clears it themselves', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const actions = d.provider.actions!;
    const a = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await actions.invoke('AcceptTask', { taskSid: a });
    await actions.invoke('SelectTask', { taskSid: a });
    await settle();
    await actions.invoke('SelectTask', {});
    await settle();
    await settle();
    expect(d.state().ui.selectedTaskSid).to.equal(undefined);
  });

  it('logs inbound calls that rang and were missed (rejected, rang out, caller hung up) with status missed', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const missed = () => d.log.of('flex-call-ended').map((e) => ({ ...e.detail }) as Record<string, unknown>);
    const callOf = (taskSid: string) => d.state().tasks[taskSid].callSid!;

    // Rejected.
    const rejected = d.sim.createTask({ channel: 'voice', customer: { name: 'Omar Haddad', phone: '+14155550111' } });
    await settle();
    button(d.desk, 'Reject')!.click();
    await settle();
    await settle();
    expect(d.log.last('flex-call-started')!.detail).to.deep.equal({
      callSid: callOf(rejected),
      taskSid: rejected,
      number: '+14155550111',
      direction: 'inbound',
    });
    expect(missed()).to.deep.equal([
      { callSid: callOf(rejected), taskSid: rejected, number: '+14155550111', direction: 'inbound', duration: 0, status: 'missed', reason: 'rejected' },
    ]);
    // The caller still waits in the queue; hanging up now is no second log line for this agent.
    d.sim.customerLeaves(rejected);
    await settle();
    await settle();
    expect(missed()).to.have.length(1);

    // The caller hangs up while it rings.
    const abandoned = d.sim.createTask({ channel: 'voice', customer: { name: 'Hugo Rossi' } });
    await settle();
    d.sim.customerLeaves(abandoned);
    await settle();
    await settle();
    expect(missed().at(-1)).to.include({ callSid: callOf(abandoned), status: 'missed', reason: 'canceled', duration: 0 });

    // It rings out.
    const rangOut = d.sim.createTask({ channel: 'voice', customer: { name: 'Nora Jensen' } });
    await settle();
    const reservation = Object.values(d.state().reservations).find((r) => r.taskSid === rangOut)!;
    d.sim.advance(reservation.timeoutAt - d.sim.now() + 1000);
    await settle();
    await settle();
    expect(missed().at(-1)).to.include({ callSid: callOf(rangOut), status: 'missed', reason: 'timeout', duration: 0 });
    // Every ended call was started first.
    expect(d.log.of('flex-call-started')).to.have.length(3);
  });

  it('does not call an answered inbound call missed', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'voice', customer: { name: 'Ann' } });
    await settle();
    button(d.desk, 'Accept')!.click();
    await settle();
    await settle();
    d.sim.advance(12_000);
    await d.provider.actions!.invoke('HangupCall', { taskSid });
    await settle();
    await settle();
    expect(d.log.of('flex-call-started')).to.have.length(1);
    expect(d.log.of('flex-call-ended').map((e) => [e.detail.status, e.detail.duration])).to.deep.equal([['completed', 12]]);
  });
});
