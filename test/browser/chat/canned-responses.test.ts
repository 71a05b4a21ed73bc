import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deep, deepAll, deskFixture, goAvailable, settle, type Desk } from '../agent-desktop/desk-helpers.js';

const RESPONSES = [
  { title: 'Greeting', text: 'Hi {{customer.firstName}}, this is {{agent.name}}. How can I help?', category: 'Openers' },
  { title: 'Refund policy', text: 'Refunds take 5 to 7 days, {{customer.firstName}}.', category: 'Billing' },
  { title: 'Goodbye', text: 'Thanks for writing, {{customer.name}}!' },
];

async function chatDesk(): Promise<{ d: Desk; box: HTMLTextAreaElement; chat: HTMLElement }> {
  const d = await deskFixture({ chat: { cannedResponses: RESPONSES } });
  await goAvailable(d);
  const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Grace Hopper' } });
  await settle();
  await d.provider.actions!.invoke('AcceptTask', { taskSid });
  await d.provider.actions!.invoke('SelectTask', { taskSid });
  await settle();
  await settle();
  const find = () => {
    const chat = deep(d.desk, 'flex-chat');
    return chat && deepAll<HTMLTextAreaElement>(chat, 'textarea').find((t) => t.labels?.[0]?.textContent?.trim() === 'Message');
  };
  for (let i = 0; i < 100 && !find(); i++) {
    await settle();
    await new Promise((r) => setTimeout(r, 20));
  }
  const chat = deep(d.desk, 'flex-chat')!;
  const box = find()!;
  return { d, box, chat };
}

const listbox = (chat: HTMLElement) => deep(chat, '[role="listbox"]');
const options = (chat: HTMLElement) => deepAll(chat, '[role="option"]').map((o) => o.querySelector('.canned-title')!.textContent);

describe('<flex-chat> canned responses', () => {
  let d: Desk | undefined;
  afterEach(() => {
    d?.log.dispose();
    localStorage.clear();
  });

  it('opens "Canned responses" with / at the start, filters, and inserts with arrow keys and Enter without sending', async () => {
    const setup = await chatDesk();
    d = setup.d;
    const { box, chat } = setup;
    box.focus();
    await sendKeys({ type: '/' });
    await settle();
    const list = listbox(chat)!;
    expect(list.getAttribute('aria-label')).to.equal('Canned responses');
    expect(options(chat)).to.deep.equal(['Greeting', 'Refund policy', 'Goodbye']);
    expect(box.getAttribute('aria-controls')).to.equal(list.id);
    await expect(chat).to.be.accessible();
    await sendKeys({ type: 're' });
    await settle();
    expect(options(chat)).to.deep.equal(['Greeting', 'Refund policy']);
    await sendKeys({ press: 'ArrowDown' });
    await settle();
    const active = chat.shadowRoot!.getElementById(box.getAttribute('aria-activedescendant')!)!;
    expect(active.getAttribute('aria-selected')).to.equal('true');
    expect(active.textContent).to.contain('Refund policy');
    const messagesBefore = Object.values(d.state().messages)[0].length;
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(box.value).to.equal('Refunds take 5 to 7 days, Grace.');
    expect(listbox(chat)).to.equal(undefined);
    expect(Object.values(d.state().messages)[0].length).to.equal(messagesBefore);
    expect(document.activeElement === d.desk || chat.shadowRoot!.activeElement === box).to.equal(true);
    // Editable, then sent with Enter.
    await sendKeys({ type: ' Anything else?' });
    await sendKeys({ press: 'Enter' });
    await settle();
    const last = Object.values(d.state().messages)[0].at(-1)!;
    expect(last.body).to.equal('Refunds take 5 to 7 days, Grace. Anything else?');
  });

  it('fills {{agent.name}}, closes with Escape, and says when nothing matches', async () => {
    const setup = await chatDesk();
    d = setup.d;
    const { box, chat } = setup;
    box.focus();
    await sendKeys({ type: '/zzz' });
    await settle();
    expect(chat.shadowRoot!.textContent).to.contain('No canned response matches "zzz"');
    await expect(chat).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settle();
    expect(listbox(chat)).to.equal(undefined);
    box.value = '';
    box.dispatchEvent(new Event('input'));
    await sendKeys({ type: '/greet' });
    await settle();
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(box.value).to.equal('Hi Grace, this is Jane Doe. How can I help?');
  });

  it('lists responses a plugin adds with api.cannedResponses.add, and removes them again', async () => {
    const setup = await chatDesk();
    d = setup.d;
    const { box, chat } = setup;
    const api = d.provider.contactCenter!.pluginApi('test-plugin');
    const remove = api.cannedResponses.add({ title: 'Plugin hello', text: 'Hello from a plugin' });
    expect(() => api.cannedResponses.add({ title: '', text: 'x' })).to.throw(/title/);
    box.focus();
    await sendKeys({ type: '/plugin' });
    await settle();
    expect(options(chat)).to.deep.equal(['Plugin hello']);
    remove();
    await settle();
    expect(chat.shadowRoot!.textContent).to.contain('No canned response matches "plugin"');
  });

  it('does not open on / in the middle of a message', async () => {
    const setup = await chatDesk();
    d = setup.d;
    const { box, chat } = setup;
    box.focus();
    await sendKeys({ type: 'and/or' });
    await settle();
    expect(listbox(chat)).to.equal(undefined);
  });
});
