import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ContactQuery, CrmContact, InteractionLog } from '../../../src/core/crm/types.js';
import { button, deep, deepAll, deepText, deskFixture, goAvailable, settle, waitFor, type Desk } from './desk-helpers.js';

const ADA: CrmContact = { id: 'C-1', name: 'Ada Lovelace', kind: 'Contact', phone: '+14155550101', details: 'Acme Corp · 3 open cases' };
const ALAN: CrmContact = { id: 'C-2', name: 'Alan Turing', kind: 'Contact', phone: '+14155550101', details: 'Bletchley Ltd' };


async function ring(d: Desk, phone = '+14155550101', channel = 'voice') {
  const taskSid = d.sim.createTask({ channel, customer: { name: 'Caller', phone } });
  await settle();
  return taskSid;
}

describe('CRM: contact search, associations and the interaction log (simulator)', () => {
  let d: Desk;
  afterEach(() => {
    d?.log.dispose();
    localStorage.clear();
  });

  it('calls searchContacts with the caller, shows the one match on the ringing card and in Info, and associates it', async () => {
    d = await deskFixture();
    const queries: ContactQuery[] = [];
    d.provider.crm.searchContacts = (query) => {
      queries.push(query);
      return Promise.resolve([ADA]);
    };
    await goAvailable(d);
    const taskSid = await ring(d);
    await waitFor(() => deepText(d.desk).includes('Ada Lovelace · Contact · Acme Corp · 3 open cases'), 'the contact on the card');
    expect(queries).to.have.length(1);
    expect(queries[0]).to.include({ phone: '+14155550101', name: 'Caller', taskSid, channel: 'voice' });
    expect(queries[0].attributes).to.be.an('object');
    expect(d.state().crm.associations[taskSid]).to.deep.equal([{ id: 'C-1', name: 'Ada Lovelace', kind: 'Contact', phone: '+14155550101' }]);
    await expect(deep(d.desk, 'flex-incoming-task')).to.be.accessible();
    button(d.desk, 'Accept')!.click();
    await settle();
    await settle();
    expect(d.log.last('flex-task-accepted')!.detail.associations.map((r: { id: string }) => r.id)).to.deep.equal(['C-1']);
    const canvas = deep(d.desk, 'flex-task-canvas')!;
    deepAll<HTMLButtonElement>(canvas, 'button[role="tab"]').find((b) => b.textContent.trim() === 'Info')!.click();
    await settle();
    expect(deepText(canvas)).to.contain('Ada Lovelace · Contact · Acme Corp · 3 open cases');
    await expect(canvas).to.be.accessible();
  });

  it('offers "Choose contact" when two contacts share the number; choosing one associates it', async () => {
    d = await deskFixture();
    d.provider.crm.searchContacts = () => [ADA, ALAN];
    await goAvailable(d);
    const taskSid = await ring(d);
    await waitFor(() => !!deep(d.desk, 'flex-incoming-task >>> [role="radiogroup"]'), 'the radio group');
    const group = deep(d.desk, 'flex-incoming-task >>> [role="radiogroup"]')!;
    expect(group.getAttribute('aria-label')).to.equal('Choose contact');
    expect(d.state().crm.associations[taskSid] ?? []).to.deep.equal([]);
    await expect(deep(d.desk, 'flex-incoming-task')).to.be.accessible();
    const radios = deepAll<HTMLInputElement>(group, 'input[type="radio"]');
    expect(radios).to.have.length(2);
    radios[1].focus();
    radios[1].click();
    await settle();
    await waitFor(() => (d.state().crm.associations[taskSid] ?? []).length === 1, 'the association');
    expect(d.state().crm.associations[taskSid][0].id).to.equal('C-2');
    // Arrow keys move the choice (native radios), and the association follows.
    radios[1].focus();
    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => d.state().crm.associations[taskSid]?.[0]?.id === 'C-1', 'the new association');
    expect(d.state().crm.associations[taskSid].map((r) => r.id)).to.deep.equal(['C-1']);
  });

  it('offers "New contact" when nothing matches, as flex-contact-create-request', async () => {
    d = await deskFixture();
    d.provider.crm.searchContacts = async () => [];
    await goAvailable(d);
    const taskSid = await ring(d, '+14155550177');
    await waitFor(() => !!button(d.desk, 'New contact'), 'New contact');
    const requests: CustomEvent[] = [];
    document.addEventListener('flex-contact-create-request', (e) => requests.push(e as CustomEvent), { once: true });
    button(d.desk, 'New contact')!.click();
    expect(requests[0].detail).to.include({ taskSid, phone: '+14155550177', channel: 'voice' });
    await expect(deep(d.desk, 'flex-incoming-task')).to.be.accessible();
  });

  it('never delays the ring: a slow resolver times out and its error shows quietly on the card', async () => {
    d = await deskFixture({ crm: { searchTimeout: 50 } });
    d.provider.crm.searchContacts = () => new Promise(() => undefined);
    await goAvailable(d);
    await ring(d);
    expect(button(d.desk, 'Accept')).to.not.equal(undefined);
    await waitFor(() => deepText(d.desk).includes('Looking up the customer in the CRM'), 'the searching state');
    await expect(deep(d.desk, 'flex-incoming-task')).to.be.accessible();
    await waitFor(() => deepText(d.desk).includes('CRM lookup failed'), 'the timeout');
    expect(d.log.last('flex-error')!.detail.code).to.equal('crm-search-timeout');
    expect(deepAll(d.desk, 'flex-incoming-task >>> [role="alert"]')).to.have.length(0);
    await expect(deep(d.desk, 'flex-incoming-task')).to.be.accessible();
  });

  it('shows a resolver that returns garbage as a failed lookup, not a broken card', async () => {
    d = await deskFixture();
    d.provider.crm.searchContacts = (() => [{ name: 'No id' }]) as never;
    await goAvailable(d);
    await ring(d);
    await waitFor(() => deepText(d.desk).includes('CRM lookup failed'), 'the failure');
    expect(deepText(d.desk)).to.contain('has no id');
    expect(d.log.last('flex-error')!.detail.code).to.equal('invalid-contacts');
  });

  it('answers from a flex-contact-search listener, and preventDefault skips the search', async () => {
    d = await deskFixture();
    const resolver = () => [ALAN];
    d.provider.crm.searchContacts = resolver;
    const answer = (e: Event) => (e as CustomEvent).detail.respondWith(Promise.resolve([ADA]));
    document.addEventListener('flex-contact-search', answer);
    await goAvailable(d);
    const first = await ring(d);
    await waitFor(() => d.state().crm.searches[first]?.status === 'done', 'the answer');
    expect(d.state().crm.searches[first].contacts.map((c) => c.id)).to.deep.equal(['C-1']);
    document.removeEventListener('flex-contact-search', answer);
    const skip = (e: Event) => e.preventDefault();
    document.addEventListener('flex-contact-search', skip);
    const second = await ring(d, '+14155550102', 'chat');
    await settle();
    expect(d.state().crm.searches[second]).to.equal(undefined);
    document.removeEventListener('flex-contact-search', skip);
  });

  it('associates and dissociates through actions; the events carry the associations', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = await ring(d, '+14155550102', 'chat');
    const actions = d.provider.actions!;
    await actions.invoke('AssociateRecord', { taskSid, record: { id: 'CASE-9', name: 'Case 9', kind: 'Case' } });
    await actions.invoke('AcceptTask', { taskSid });
    await settle();
    expect(d.log.last('flex-task-accepted')!.detail.associations).to.deep.equal([{ id: 'CASE-9', name: 'Case 9', kind: 'Case' }]);
    await actions.invoke('AssociateRecord', { taskSid, record: { id: 'D-1', name: 'Deal 1' } });
    await actions.invoke('DissociateRecord', { taskSid, recordId: 'CASE-9' });
    await actions.invoke('WrapupTask', { taskSid });
    await settle();
    expect(d.log.last('flex-task-wrapup')!.detail.associations).to.deep.equal([{ id: 'D-1', name: 'Deal 1' }]);
    await actions.invoke('CompleteTask', { taskSid, disposition: 'Resolved' });
    await settle();
    expect(d.log.last('flex-task-completed')!.detail.associations).to.deep.equal([{ id: 'D-1', name: 'Deal 1' }]);
    let error: { code?: string } | undefined;
    await actions.invoke('AssociateRecord', { taskSid, record: { name: 'no id' } as never }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('invalid-payload');
    await actions.invoke('DissociateRecord', { taskSid, recordId: 'nope' }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('not-found');
  });

  it('logs the completed interaction once, retries a failure visibly, and shows "Logged to CRM"', async () => {
    d = await deskFixture({ crm: { logRetryDelay: 300 } });
    const logs: InteractionLog[] = [];
    let calls = 0;
    d.provider.crm.searchContacts = () => [ADA];
    d.provider.crm.logInteraction = async (log) => {
      calls++;
      if (calls === 1) throw new Error('CRM is down');
      logs.push(log);
    };
    await goAvailable(d);
    const taskSid = await ring(d, '+14155550101', 'chat');
    await waitFor(() => (d.state().crm.associations[taskSid] ?? []).length === 1, 'the association');
    await d.provider.actions!.invoke('AcceptTask', { taskSid });
    await d.provider.actions!.invoke('SelectTask', { taskSid });
    await d.provider.actions!.invoke('WrapupTask', { taskSid });
    await d.provider.actions!.invoke('CompleteTask', { taskSid, disposition: 'Resolved', notes: 'Sorted' });
    await waitFor(() => button(d.desk, 'Retry') !== undefined, 'Retry');
    expect(deepText(d.desk)).to.contain('not logged to the CRM: CRM is down');
    expect(d.log.last('flex-error')!.detail.code).to.equal('crm-log-failed');
    await expect(deep(d.desk, 'flex-task-canvas >>> flex-wrapup')).to.be.accessible();
    await waitFor(() => deepText(d.desk).includes('Logged to CRM'), 'the automatic retry', 200);
    expect(calls).to.equal(2);
    expect(logs).to.have.length(1);
    expect(logs[0]).to.include({ taskSid, channel: 'chat', disposition: 'Resolved', notes: 'Sorted' });
    expect(logs[0].associations.map((r) => r.id)).to.deep.equal(['C-1']);
    expect(logs[0].durations).to.have.keys(['wait', 'talk', 'hold', 'wrap']);
    expect(logs[0].attributes).to.be.an('object');
    expect(logs[0].conversationSid).to.be.a('string');
    await expect(deep(d.desk, 'flex-task-canvas >>> flex-wrapup')).to.be.accessible();
    await new Promise((r) => setTimeout(r, 400));
    expect(calls).to.equal(2);
  });

  it('waits for "Retry" after the last attempt, and Retry logs it', async () => {
    d = await deskFixture({ crm: { logAttempts: 1 } });
    let fail = true;
    const logged: string[] = [];
    d.provider.crm.logInteraction = (log) => {
      if (fail) return Promise.reject(new Error('Quota exceeded'));
      logged.push(log.taskSid);
      return Promise.resolve();
    };
    await goAvailable(d);
    const taskSid = await ring(d, '+14155550102', 'chat');
    await d.provider.actions!.invoke('AcceptTask', { taskSid });
    await d.provider.actions!.invoke('SelectTask', { taskSid });
    await d.provider.actions!.invoke('CompleteTask', { taskSid });
    await waitFor(() => button(d.desk, 'Retry') !== undefined, 'Retry');
    expect(deepText(d.desk)).to.not.contain('Trying again');
    fail = false;
    button(d.desk, 'Retry')!.click();
    await waitFor(() => deepText(d.desk).includes('Logged to CRM'), 'the manual retry');
    expect(logged).to.deep.equal([taskSid]);
  });
});
