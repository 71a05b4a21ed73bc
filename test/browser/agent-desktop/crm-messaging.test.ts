import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { button, deep, deepAll, deepText, deskFixture, goAvailable, settle, waitFor, type Desk } from './desk-helpers.js';


const field = (root: Element, label: string) =>
  deepAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(root, 'input, textarea, select').find(
    (f) => f.labels?.[0]?.textContent?.trim() === label,
  );

describe('CRM: task attributes, transfer notes and click-to-message (simulator)', () => {
  let d: Desk;
  afterEach(() => {
    d?.log.dispose();
    localStorage.clear();
  });

  it('SetTaskAttributes merges by default, replaces with merge: false, and the Info tab shows it', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' }, attributes: { tier: 'gold' } });
    await settle();
    await d.provider.actions!.invoke('AcceptTask', { taskSid });
    await d.provider.actions!.invoke('SelectTask', { taskSid });
    await d.provider.actions!.invoke('SetTaskAttributes', { taskSid, attributes: { caseId: 'CASE-42' } });
    await settle();
    expect(d.state().tasks[taskSid].attributes).to.include({ tier: 'gold', caseId: 'CASE-42' });
    const canvas = deep(d.desk, 'flex-task-canvas')!;
    deepAll<HTMLButtonElement>(canvas, 'button[role="tab"]').find((b) => b.textContent.trim() === 'Info')!.click();
    await settle();
    expect(deepText(canvas)).to.contain('caseId').and.to.contain('CASE-42');
    await d.provider.actions!.invoke('SetTaskAttributes', { taskSid, attributes: { only: 1 }, merge: false });
    await settle();
    expect(d.state().tasks[taskSid].attributes).to.deep.equal({ only: 1 });
    let error: { code?: string } | undefined;
    await d.provider.actions!.invoke('SetTaskAttributes', { taskSid, attributes: 'x' as never }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('invalid-payload');
  });

  it('carries a transfer note in transferNote to the next agent; a before-listener can require one', async () => {
    d = await deskFixture();
    const engine = d.sim.engine;
    engine.addWorker({ name: 'Rita Moreno', identity: 'rita', activity: 'Available', skills: { support: 5, sales: 5 } });
    d.sim.flush();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Omar' } });
    await settle();
    await d.provider.actions!.invoke('AcceptTask', { taskSid });
    await d.provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    const remove = d.provider.actions!.addListener('before', 'TransferTask', (payload, abort) => {
      if (!payload.note?.trim()) abort('write a transfer note first');
    });
    const rita = Object.values(d.state().workers).find((w) => w.name === 'Rita Moreno')!;
    let error: { code?: string; message?: string } | undefined;
    await d.provider.actions!.invoke('TransferTask', { taskSid, to: rita.sid, mode: 'cold' }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('aborted');
    await d.provider.actions!.invoke('TransferTask', { taskSid, to: rita.sid, mode: 'cold', note: 'Wants a refund for order 77' });
    remove();
    await settle();
    expect(d.state().tasks[taskSid].attributes['transferNote']).to.equal('Wants a refund for order 77');
    const child = engine.task(engine.transferChildOf(taskSid)!)!;
    expect(child.attributes['transferNote']).to.equal('Wants a refund for order 77');
  });

  it('shows the note on the receiving ringing card and in Info; the transfer dialog has a "Transfer note" box', async () => {
    d = await deskFixture();
    await goAvailable(d);
    // A colleague's transfer reaching the person: the task carries the note.
    const taskSid = d.sim.createTask({ channel: 'voice', customer: { name: 'Omar' }, attributes: { transferNote: 'VIP, was cut off' } });
    await settle();
    await waitFor(() => deepText(deep(d.desk, 'flex-incoming-task')!).includes('Note from the transfer: VIP, was cut off'), 'the note on the card');
    await expect(deep(d.desk, 'flex-incoming-task')).to.be.accessible();
    button(d.desk, 'Accept')!.click();
    await settle();
    await settle();
    const canvas = deep(d.desk, 'flex-task-canvas')!;
    deepAll<HTMLButtonElement>(canvas, 'button[role="tab"]').find((b) => b.textContent.trim() === 'Info')!.click();
    await settle();
    expect(deepText(canvas)).to.contain('Note from the transfer: VIP, was cut off');
    // The transfer dialog (call controls → Transfer) has the note box.
    deepAll<HTMLButtonElement>(canvas, 'button[role="tab"]').find((b) => b.textContent.trim() === 'Call')!.click();
    await settle();
    await waitFor(() => !!button(d.desk, 'Transfer'), 'the Transfer button');
    button(d.desk, 'Transfer')!.click();
    await waitFor(() => !!deep(d.desk, 'flex-worker-directory') && !!field(deep(d.desk, 'flex-worker-directory')!, 'Transfer note'), 'the note box');
    const directory = deep(d.desk, 'flex-worker-directory')!;
    const note = field(directory, 'Transfer note') as HTMLTextAreaElement;
    note.focus();
    await sendKeys({ type: 'Second opinion please' });
    await expect(directory).to.be.accessible();
    const queue = deepAll<HTMLButtonElement>(directory, 'button.target').find((b) => b.textContent.includes('Support'))!;
    queue.click();
    await waitFor(() => d.state().tasks[taskSid].attributes['transferNote'] === 'Second opinion please', 'the note in the attributes');
  });

  it('StartOutboundConversation validates the address and resolves with {taskSid} in the task list', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const actions = d.provider.actions!;
    let error: { code?: string; message?: string } | undefined;
    await actions.invoke('StartOutboundConversation', { to: '12', channel: 'sms', body: 'Hi' }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('invalid-address');
    await actions.invoke('StartOutboundConversation', { to: 'ada@', channel: 'email', body: 'Hi' }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('invalid-address');
    await actions.invoke('StartOutboundConversation', { to: '+14155550123', channel: 'sms' }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('invalid-payload');
    await actions.invoke('StartOutboundConversation', { to: '+14155550123', channel: 'whatsapp', body: 'Hi' }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('template-required');
    const result = await actions.invoke<{ taskSid: string }>('StartOutboundConversation', { to: '(415) 555-0123', channel: 'sms', body: 'Your order shipped' });
    expect(Object.keys(result)).to.deep.equal(['taskSid']);
    await settle();
    const task = d.state().tasks[result.taskSid];
    expect(task).to.include({ channel: 'sms', status: 'assigned' });
    expect(task.attributes).to.include({ direction: 'outbound', initiated_by: 'agent', to: '+14155550123' });
    const messages = d.state().messages[task.conversationSid!];
    expect(messages.map((m) => [m.authorRole, m.body])).to.deep.equal([['agent', 'Your order shipped']]);
    expect(deepText(deep(d.desk, 'flex-task-list')!)).to.contain('+14155550123');
    const wa = await actions.invoke<{ taskSid: string }>('StartOutboundConversation', { to: '+14155550124', channel: 'whatsapp', template: 'HX123' });
    await settle();
    expect(d.state().tasks[wa.taskSid].channel).to.equal('whatsapp');
  });

  it('"New message" in the agent desktop starts a conversation; message-to pre-fills it; errors are clear', async () => {
    d = await deskFixture({ outbound: { templates: [{ id: 'HX1', name: 'Order update', text: 'Your order has an update.' }] } });
    await goAvailable(d);
    button(d.desk, 'New message')!.click();
    await waitFor(() => !!deep(d.desk, 'flex-new-message') && !!field(deep(d.desk, 'flex-new-message')!, 'To'), 'the form');
    const form = deep(d.desk, 'flex-new-message')!;
    await expect(form).to.be.accessible();
    const to = field(form, 'To') as HTMLInputElement;
    to.focus();
    await sendKeys({ type: '555' });
    button(form, 'Start conversation')!.click();
    await settle();
    expect(to.getAttribute('aria-invalid')).to.equal('true');
    expect(deepText(form)).to.contain('This number is too short');
    expect(deepText(form)).to.contain('Write a message, or choose an approved template');
    await expect(form).to.be.accessible();
    // WhatsApp: the rule is stated, and a template is offered.
    const channel = field(form, 'Channel') as HTMLSelectElement;
    channel.value = 'whatsapp';
    channel.dispatchEvent(new Event('change'));
    await settle();
    expect(deepText(form)).to.contain('only with an approved template');
    const template = field(form, 'Approved template') as HTMLSelectElement;
    expect([...template.options].map((o) => o.textContent.trim())).to.include('Order update');
    await expect(form).to.be.accessible();
    // A CRM link: message-to on the desktop fills "To".
    d.desk.setAttribute('message-to', '+14155550150');
    await settle();
    expect((field(deep(d.desk, 'flex-new-message')!, 'To') as HTMLInputElement).value).to.equal('+14155550150');
    channel.value = 'sms';
    channel.dispatchEvent(new Event('change'));
    await settle();
    const body = field(form, 'Message') as HTMLTextAreaElement;
    body.focus();
    await sendKeys({ type: 'Hello from Acme' });
    button(form, 'Start conversation')!.click();
    await waitFor(() => Object.values(d.state().tasks).some((t) => t.channel === 'sms' && t.attributes['to'] === '+14155550150'), 'the new task');
    const task = Object.values(d.state().tasks).find((t) => t.attributes['to'] === '+14155550150')!;
    await waitFor(() => d.state().ui.selectedTaskSid === task.sid, 'the selection');
  });
});
