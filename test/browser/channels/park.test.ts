import { expect, html } from '@open-wc/testing';
import '../../../src/components/chat/chat.js';
import type { FlexChat } from '../../../src/components/chat/chat.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { settle, simulatorFixture } from '../helpers.js';

const root = (el: Element) => el.shadowRoot!;
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent.replace(/\s+/g, ' ').trim() === name);

async function chatOn(channel: string) {
  const { page, provider } = await simulatorFixture<HTMLElement>(
    html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com">
      <flex-chat></flex-chat>
    </flex-provider>`,
  );
  const chat = page.querySelector<FlexChat>('flex-chat')!;
  await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel, customer: { name: 'Ana Ruiz', phone: '+14155550150' }, firstMessage: 'Hi' });
  await settle();
  await provider.actions!.invoke('AcceptTask', { taskSid });
  await provider.actions!.invoke('SelectTask', { taskSid });
  await settle();
  return { provider, chat, taskSid };
}

const chatCapacity = (provider: FlexProvider, channel: string) => {
  const s = provider.store!.getState();
  return s.workers[s.session.workerSid!].channels[channel].assigned;
};

describe('parking a conversation', () => {
  it('"Park" frees the capacity; when the customer writes, it comes back to the same agent as a new task', async () => {
    const { provider, chat, taskSid } = await chatOn('chat');
    expect(chatCapacity(provider, 'chat')).to.equal(1);
    await expect(chat).to.be.accessible();
    button(chat, 'Park')!.click();
    await settle();
    const state = provider.store!.getState();
    expect(state.tasks[taskSid].status).to.equal('completed');
    expect(state.tasks[taskSid].reason).to.equal('parked');
    expect(chatCapacity(provider, 'chat')).to.equal(0);
    const conversationSid = state.tasks[taskSid].conversationSid!;
    provider.simulator!.customerSays(taskSid, 'I found the order number: 4711');
    await settle();
    const back = Object.values(provider.store!.getState().tasks).find((t) => t.sid !== taskSid)!;
    expect(back, 'a new task').to.exist;
    expect(back.attributes['parkedFrom']).to.equal(taskSid);
    expect(back.conversationSid).to.equal(conversationSid);
    expect(back.status).to.equal('reserved');
    expect(back.workerSid).to.equal(provider.store!.getState().session.workerSid);
    await provider.actions!.invoke('AcceptTask', { taskSid: back.sid });
    await provider.actions!.invoke('SelectTask', { taskSid: back.sid });
    await settle();
    // The whole conversation is there, the customer's new message included.
    expect(root(chat).querySelector('[role="log"]')!.textContent).to.contain('I found the order number: 4711');
    expect(root(chat).querySelector('[role="log"]')!.textContent).to.contain('Hi');
  });

  it('a parked conversation goes to another agent when its agent is not available', async () => {
    const { provider, taskSid } = await chatOn('sms');
    await provider.actions!.invoke('ParkConversation', { taskSid });
    await provider.actions!.invoke('SetActivity', { activityName: 'Break' });
    provider.simulator!.customerSays(taskSid, 'Back again');
    await settle();
    const back = provider.simulator!.engine.listTasks().find((t) => t.attributes['parkedFrom'] === taskSid)!;
    expect(back.status).to.equal('pending');
    expect(back.channel).to.equal('sms');
  });

  it('ParkConversation refuses a voice task and a ringing one', async () => {
    const { provider } = await chatOn('chat');
    const call = provider.simulator!.createTask({ channel: 'voice' });
    await settle();
    const error = (await provider.actions!.invoke('ParkConversation', { taskSid: call }).catch((e: unknown) => e)) as { code: string };
    expect(error).to.include({ code: 'invalid-state' });
  });
});

describe('WhatsApp 24-hour window', () => {
  it('shows the time left to reply freely, and that it has closed', async () => {
    const { provider, chat } = await chatOn('whatsapp');
    const window = () => root(chat).querySelector('[part="whatsapp-window"]')!;
    expect(window().textContent).to.match(/WhatsApp window open: 2[34] h \d+ min left/);
    await expect(chat).to.be.accessible();
    provider.simulator!.advance(25 * 60 * 60 * 1000);
    await settle();
    chat.requestUpdate();
    await settle();
    expect(window().textContent).to.contain('window has closed');
    await expect(chat).to.be.accessible();
  });

  it('is not shown on other channels', async () => {
    const { chat } = await chatOn('sms');
    expect(root(chat).querySelector('[part="whatsapp-window"]')).to.equal(null);
  });
});
