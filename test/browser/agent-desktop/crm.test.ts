import { expect } from '@open-wc/testing';
import { button, deep, deskFixture, goAvailable, settle, type Desk } from './desk-helpers.js';

describe('CRM hooks and wrap-up rules', () => {
  let d: Desk;
  afterEach(() => d?.log.dispose());

  it('announces an outbound call when it starts connecting and when it ends unanswered', async () => {
    d = await deskFixture();
    d.sim.setNextOutboundOutcome('busy');
    const result = await d.provider.actions!.invoke<{ taskSid: string; callSid: string }>('StartOutboundCall', { to: '+14155550199' });
    await settle();
    expect(d.log.last('flex-call-started')!.detail).to.include({ callSid: result.callSid, direction: 'outbound', number: '+14155550199' });
    expect(d.log.last('flex-task-accepted')!.detail.taskSid).to.equal(result.taskSid);
    d.sim.advance(5000);
    await settle();
    expect(d.log.last('flex-call-ended')!.detail).to.include({ callSid: result.callSid, status: 'busy', duration: 0, direction: 'outbound' });
  });

  it('refuses Complete visibly without a disposition when config requires one', async () => {
    d = await deskFixture({ wrapup: { requireDisposition: true, dispositions: ['Sale', 'No sale'] } });
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await settle();
    button(d.desk, 'Accept')!.click();
    await settle();
    await d.provider.actions!.invoke('WrapupTask', { taskSid });
    await settle();
    await settle();
    const select = deep<HTMLSelectElement>(d.desk, 'flex-wrapup >>> select')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'Sale', 'No sale']);
    button(d.desk, 'Complete')!.click();
    await settle();
    expect(d.state().tasks[taskSid].status).to.equal('wrapping');
    expect(deep(d.desk, 'flex-wrapup >>> [role="alert"]')!.textContent).to.contain('Choose a disposition');
    expect(select.getAttribute('aria-invalid')).to.equal('true');
    expect(d.log.last('flex-error')!.detail.code).to.equal('disposition-required');
    await expect(deep(d.desk, 'flex-wrapup')).to.be.accessible();
    select.value = 'Sale';
    select.dispatchEvent(new Event('change'));
    button(d.desk, 'Complete')!.click();
    await settle();
    await settle();
    expect(d.state().tasks[taskSid].status).to.equal('completed');
    expect(d.log.last('flex-task-completed')!.detail.disposition).to.equal('Sale');
  });

  it('lets a page override every string (i18n)', async () => {
    d = await deskFixture({ strings: { 'en-US': { 'incomingTask.accept': 'Aceptar', 'taskList.emptyAvailable': 'Sin tareas' } }, language: 'en-US' });
    await goAvailable(d);
    expect(deep(d.desk, 'flex-task-list >>> .empty')!.textContent.trim()).to.equal('Sin tareas');
    d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await settle();
    expect(button(d.desk, 'Aceptar')).to.not.equal(undefined);
  });
});
