import { expect } from '@open-wc/testing';
import { button, deep, deepAll, deepText, deskFixture, settle, type Desk } from './desk-helpers.js';

describe('<flex-agent-desktop> on the simulator', () => {
  let d: Desk;
  afterEach(() => d?.log.dispose());

  it('is accessible when idle and shows the empty states', async () => {
    d = await deskFixture();
    await expect(d.desk).to.be.accessible();
    const text = deepText(d.desk);
    expect(text).to.contain('No tasks. Go Available to receive tasks.');
    expect(text).to.contain('No task selected');
    expect(text).to.contain('Jane Doe');
  });

  it('goes Available → rings → accepts → chats both ways → wraps up → completes, telling the CRM at each step', async () => {
    d = await deskFixture();
    const { desk, log, sim, state, provider } = d;

    // Go Available through the activity menu.
    const menu = deep<HTMLSelectElement>(desk, 'flex-activity-selector >>> select')!;
    const available = Object.values(state().activities).find((a) => a.name === 'Available')!;
    menu.value = available.sid;
    menu.dispatchEvent(new Event('change'));
    await settle();
    await settle();
    const changed = log.last('flex-activity-changed')!;
    expect(changed.detail.current.name).to.equal('Available');
    expect(changed.detail.previous.name).to.equal('Offline');
    expect(changed.detail.workerSid).to.equal(state().session.workerSid);

    // Ring.
    const taskSid = sim.createTask({
      channel: 'chat',
      customer: { name: 'Rita Moreno', phone: '+14155550123', email: 'rita@example.com', crmId: 'CRM-00042' },
      firstMessage: 'Hi, where is my order?',
    });
    await settle();
    const created = log.last('flex-reservation-created')!;
    expect(created.detail.taskSid).to.equal(taskSid);
    expect(created.detail.customer).to.include({ name: 'Rita Moreno', crmId: 'CRM-00042', phone: '+14155550123' });
    expect(created.detail.channel).to.equal('chat');
    const card = deep(desk, 'flex-incoming-task >>> .card')!;
    expect(card.textContent).to.contain('Rita Moreno');
    expect(card.textContent).to.contain('Chat');
    expect(card.textContent).to.contain('Rings for 00:30');
    expect(deep(desk, 'flex-incoming-task >>> [aria-live]')!.textContent.trim()).to.equal('Incoming chat from Rita Moreno');
    expect(desk.shadowRoot!.querySelector('flex-incoming-task')!.hasAttribute('ringing')).to.equal(true);
    await expect(desk).to.be.accessible();

    // Wait 10 s, then accept.
    sim.advance(10_000);
    // What the once-a-second tick does: re-render against the (virtual) clock.
    deep(desk, 'flex-incoming-task')!.requestUpdate();
    await settle();
    expect(deep(desk, 'flex-incoming-task >>> .card')!.textContent).to.contain('Rings for 00:20');
    button(desk, 'Accept')!.click();
    await settle();
    await settle();
    expect(log.last('flex-task-accepted')!.detail).to.include({ taskSid, channel: 'chat' });
    expect(log.last('flex-task-accepted')!.detail.customer.crmId).to.equal('CRM-00042');
    expect(log.last('flex-task-selected')!.detail.taskSid).to.equal(taskSid);
    // Screen pop order: accepted, then selected.
    const order = log.events.map((e) => e.type).filter((t) => t === 'flex-task-accepted' || t === 'flex-task-selected');
    expect(order).to.deep.equal(['flex-task-accepted', 'flex-task-selected']);
    expect(deep(desk, 'flex-incoming-task >>> .card')).to.equal(undefined);
    expect(state().tasks[taskSid].status).to.equal('assigned');
    const option = deep(desk, `flex-task-list >>> [role="option"]`)!;
    expect(option.getAttribute('aria-selected')).to.equal('true');
    expect(option.textContent).to.contain('Rita Moreno');
    expect(deep(desk, 'flex-task-canvas >>> h2')!.textContent).to.contain('Rita Moreno');
    expect(deep(desk, `flex-task-canvas >>> flex-chat[task-sid="${taskSid}"]`)).to.not.equal(undefined);
    await expect(desk).to.be.accessible();

    // Chat both ways.
    sim.customerSays(taskSid, 'Order 1234, please.');
    await provider.actions!.invoke('SendMessage', { taskSid, body: 'It shipped yesterday.' });
    await settle();
    const conversationSid = state().tasks[taskSid].conversationSid!;
    const bodies = state().messages[conversationSid].map((m) => `${m.authorRole}:${m.body}`);
    expect(bodies).to.include('customer:Order 1234, please.');
    expect(bodies).to.include('agent:It shipped yesterday.');

    // Talk for a minute, then wrap up from the Wrap-up tab.
    sim.advance(60_000);
    await settle();
    const wrapTab = deepAll<HTMLButtonElement>(desk, '[role="tab"]').find((t) => t.textContent.trim() === 'Wrap-up')!;
    wrapTab.click();
    await settle();
    button(desk, 'Wrap up')!.click();
    await settle();
    await settle();
    expect(state().tasks[taskSid].status).to.equal('wrapping');
    const wrapup = log.last('flex-task-wrapup')!;
    expect(wrapup.detail.taskSid).to.equal(taskSid);
    expect(wrapup.detail.durations).to.deep.equal({ wait: 10, talk: 60, hold: 0, wrap: 0 });
    expect(wrapup.detail.attributes.crmId).to.equal('CRM-00042');

    const disposition = deep<HTMLSelectElement>(desk, 'flex-wrapup >>> select')!;
    expect(disposition.labels[0].textContent.trim()).to.equal('Disposition');
    disposition.value = 'Resolved';
    disposition.dispatchEvent(new Event('change'));
    const notes = deep<HTMLTextAreaElement>(desk, 'flex-wrapup >>> textarea')!;
    expect(notes.labels[0].textContent.trim()).to.equal('Notes');
    notes.value = 'Gave tracking number.';
    notes.dispatchEvent(new Event('input'));
    await settle();
    await expect(desk).to.be.accessible();

    sim.advance(20_000);
    button(desk, 'Complete')!.click();
    await settle();
    await settle();
    expect(state().tasks[taskSid].status).to.equal('completed');
    const completed = log.last('flex-task-completed')!;
    expect(completed.detail).to.include({ taskSid, disposition: 'Resolved', notes: 'Gave tracking number.', channel: 'chat' });
    expect(completed.detail.durations).to.deep.equal({ wait: 10, talk: 60, hold: 0, wrap: 20 });
    expect(completed.detail.customer.name).to.equal('Rita Moreno');
    expect(deepText(desk)).to.contain('No tasks right now. New tasks ring here.');
    expect(deepText(desk)).to.contain('No task selected');
    expect(log.of('flex-error')).to.have.length(0);
  });

  it('shows unread counts for tasks the agent is not looking at', async () => {
    d = await deskFixture();
    await d.provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const first = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann Lee' }, firstMessage: 'Hello' });
    const second = d.sim.createTask({ channel: 'sms', customer: { name: 'Bo Chan' }, firstMessage: 'Hi' });
    await settle();
    await d.provider.actions!.invoke('AcceptTask', { taskSid: first });
    await d.provider.actions!.invoke('AcceptTask', { taskSid: second });
    await d.provider.actions!.invoke('SelectTask', { taskSid: first });
    await settle();
    const conversation = d.state().conversations[d.state().tasks[second].conversationSid!];
    d.sim.customerSays(second, 'Anyone there?');
    d.sim.customerSays(second, 'Hello??');
    await settle();
    const unreadOf = () => {
      const option = deepAll(d.desk, 'flex-task-list >>> [role="option"]').find((o) => o.textContent.includes('Bo Chan'))!;
      return option.querySelector('.unread')?.textContent?.trim();
    };
    const expected = d.state().messages[conversation.sid].filter((m) => m.index > conversation.agentReadIndex && m.authorRole !== 'agent').length;
    expect(expected).to.be.greaterThan(1);
    expect(unreadOf()).to.equal(`${expected} unread`);
    await d.provider.actions!.invoke('MarkMessagesRead', { taskSid: second, index: d.state().messages[conversation.sid].at(-1)!.index });
    await settle();
    expect(unreadOf()).to.equal(undefined);
  });

  it('keeps a narrow side-panel layout within 320 px', async () => {
    d = await deskFixture(undefined, '320px');
    await d.provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = d.sim.createTask({ channel: 'voice', customer: { name: 'Carla Gomez' } });
    await settle();
    expect(d.desk.getBoundingClientRect().width).to.be.at.most(320);
    for (const el of deepAll(d.desk, '.card, [role="option"], button')) {
      expect(el.getBoundingClientRect().right).to.be.at.most(d.desk.getBoundingClientRect().right + 0.5);
    }
    await d.provider.actions!.invoke('AcceptTask', { taskSid });
    await d.provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    expect(deep(d.desk, `flex-task-canvas >>> flex-call-controls[task-sid="${taskSid}"]`)).to.not.equal(undefined);
    expect(d.desk.scrollWidth).to.be.at.most(320);
  });
});
