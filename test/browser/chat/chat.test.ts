import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/chat/chat.js';
import type { FlexChat } from '../../../src/components/chat/chat.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { settle, simulatorFixture } from '../helpers.js';

const IDENTITY = 'jane.doe@example.com';

async function setup(options: { history?: number; firstMessage?: string; width?: number } = {}) {
  const { page, provider } = await simulatorFixture<HTMLDivElement>(
    html`<div style="width: ${options.width ?? 480}px">
      <flex-provider sim-traffic="off" sim-clock="manual" identity=${IDENTITY}>
        <flex-chat></flex-chat>
      </flex-provider>
    </div>`,
  );
  const chat = page.querySelector('flex-chat')!;
  return { page, provider, chat };
}

async function acceptChat(provider: FlexProvider, input: { history?: number; firstMessage?: string; customer?: { name: string } } = {}) {
  const actions = provider.actions!;
  await actions.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({
    channel: 'chat',
    customer: input.customer ?? { name: 'Rita Moreno' },
    firstMessage: input.firstMessage ?? 'Hi, I need help with my order.',
    ...(input.history === undefined ? {} : { history: input.history }),
  });
  await settle();
  await actions.invoke('AcceptTask', { taskSid });
  await actions.invoke('SelectTask', { taskSid });
  await settle();
  return taskSid;
}

const shadow = (chat: FlexChat) => chat.shadowRoot!;
const textbox = (chat: FlexChat) => shadow(chat).querySelector('textarea')!;
const bodies = (chat: FlexChat) => [...shadow(chat).querySelectorAll('.message .body')].map((b) => b.textContent.trim());
const state = (provider: FlexProvider) => provider.store!.getState();
const messagesOf = (provider: FlexProvider, taskSid: string) =>
  state(provider).messages[state(provider).tasks[taskSid].conversationSid!] ?? [];

function labelled(root: ShadowRoot, name: string): HTMLElement | undefined {
  return [...root.querySelectorAll<HTMLElement>('button, textarea, input')].find((el) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return aria === name;
    if (el.id) {
      const label = root.querySelector(`label[for="${el.id}"]`);
      if (label) return label.textContent.trim() === name;
    }
    return el.textContent.trim() === name;
  });
}

describe('<flex-chat>', () => {
  beforeEach(() => localStorage.clear());

  it('is accessible with no task selected, and says so', async () => {
    const { chat } = await setup();
    await expect(chat).to.be.accessible();
    expect(shadow(chat).textContent).to.contain('Select a chat task');
  });

  it('shows the conversation with authors, times and distinct roles, and is accessible', async () => {
    const { provider, chat } = await setup();
    await acceptChat(provider, { firstMessage: 'Hello there' });
    const root = shadow(chat);
    expect(bodies(chat)).to.include('Hello there');
    const customer = root.querySelector('.message.customer')!;
    expect(customer.querySelector('.author')!.textContent).to.equal('Rita Moreno');
    expect(customer.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(root.querySelector('.message.system')!.textContent).to.contain('joined the conversation');
    expect(root.querySelector('[role="log"]')!.getAttribute('aria-label')).to.equal('Conversation with Rita Moreno');
    await expect(chat).to.be.accessible();
  });

  it('sends with Enter, makes a new line with Shift+Enter, and shows the reply', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider);
    const box = labelled(shadow(chat), 'Message') as HTMLTextAreaElement;
    expect(box).to.equal(textbox(chat));
    box.focus();
    await sendKeys({ type: 'First line' });
    await sendKeys({ press: 'Shift+Enter' });
    await sendKeys({ type: 'second line' });
    expect(box.value).to.equal('First line\nsecond line');
    // The agent's typing reached the conversation.
    await settle();
    expect(state(provider).conversations[state(provider).tasks[taskSid].conversationSid!].agentTyping).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await settle();
    const sent = messagesOf(provider, taskSid).at(-1)!;
    expect(sent.body).to.equal('First line\nsecond line');
    expect(sent.authorRole).to.equal('agent');
    expect(box.value).to.equal('');
    expect(bodies(chat).at(-1)).to.equal('First line\nsecond line');

    provider.simulator!.customerSays(taskSid, 'Thanks, that helps.');
    await settle();
    expect(bodies(chat).at(-1)).to.equal('Thanks, that helps.');
  });

  it('sends with the Send button and shows "Read" once the customer read it', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider);
    const box = textbox(chat);
    box.focus();
    await sendKeys({ type: 'Let me check.' });
    await settle();
    (labelled(shadow(chat), 'Send') as HTMLButtonElement).click();
    await settle();
    expect(messagesOf(provider, taskSid).at(-1)!.body).to.equal('Let me check.');
    expect(shadow(chat).querySelector('.message.agent .receipt')).to.equal(null);
    // The customer reads and starts typing (the simulator does both before replying).
    provider.simulator!.advance(10_000);
    await settle();
    const agentMessages = shadow(chat).querySelectorAll('.message.agent');
    expect(agentMessages[agentMessages.length - 1].textContent).to.contain('Read');
  });

  it('shows the customer typing in a polite live region', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider);
    const region = shadow(chat).querySelector('[part="typing"]')!;
    expect(region.getAttribute('role')).to.equal('status');
    expect(region.textContent.trim()).to.equal('');
    provider.simulator!.customerTyping(taskSid, true);
    await settle();
    expect(region.textContent.trim()).to.equal('Rita Moreno is typing…');
    provider.simulator!.customerTyping(taskSid, false);
    await settle();
    expect(region.textContent.trim()).to.equal('');
  });

  it('marks messages read when they are on screen', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider);
    provider.simulator!.customerSays(taskSid, 'Are you there?');
    await settle();
    await settle();
    const conversation = state(provider).conversations[state(provider).tasks[taskSid].conversationSid!];
    expect(conversation.agentReadIndex).to.equal(messagesOf(provider, taskSid).at(-1)!.index);
    void chat;
  });

  it('loads earlier messages on demand and keeps the scroll position', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider, { history: 80 });
    const root = shadow(chat);
    const before = messagesOf(provider, taskSid).length;
    expect(before).to.equal(2); // the greeting and "joined"
    const button = labelled(root, 'Load earlier messages') as HTMLButtonElement;
    expect(button).to.exist;
    button.click();
    await settle();
    await settle();
    expect(messagesOf(provider, taskSid).length).to.equal(before + 30);
    expect(messagesOf(provider, taskSid)[0].index).to.equal(50);
    expect(root.querySelectorAll('.message').length).to.equal(before + 30);
    // Read from the middle, then load more: what the agent was reading stays in place.
    const log = root.querySelector<HTMLElement>('[role="log"]')!;
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight);
    log.scrollTop = 40;
    log.dispatchEvent(new Event('scroll'));
    await settle();
    const reading = root.querySelectorAll('.message')[3];
    const top = reading.getBoundingClientRect().top;
    (labelled(root, 'Load earlier messages') as HTMLButtonElement).click();
    await settle();
    await settle();
    expect(messagesOf(provider, taskSid)[0].index).to.equal(20);
    expect(reading.getBoundingClientRect().top).to.be.closeTo(top, 2);
    // Scrolling to the top loads the next page.
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await settle();
    await settle();
    expect(messagesOf(provider, taskSid)[0].index).to.equal(0);
    await expect(chat).to.be.accessible();
  });

  it('offers "New messages" instead of jumping when the agent scrolled up', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider, { history: 80 });
    const root = shadow(chat);
    (labelled(root, 'Load earlier messages') as HTMLButtonElement).click();
    await settle();
    await settle();
    const log = root.querySelector<HTMLElement>('[role="log"]')!;
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight);
    log.scrollTop = 100;
    log.dispatchEvent(new Event('scroll'));
    await settle();
    provider.simulator!.customerSays(taskSid, 'Hello?');
    await settle();
    expect(log.scrollTop).to.equal(100);
    const jump = labelled(root, 'New messages') as HTMLButtonElement;
    expect(jump).to.exist;
    jump.click();
    await settle();
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.lessThan(2);
    expect(labelled(root, 'New messages')).to.equal(undefined);
  });

  it('keeps a draft per task across a reload and clears it on send', async () => {
    const { provider, chat, page } = await setup();
    const taskSid = await acceptChat(provider);
    textbox(chat).focus();
    await sendKeys({ type: 'Half-written answer' });
    // Simulated reload: the element goes away and a new one comes.
    chat.remove();
    const again = document.createElement('flex-chat');
    page.querySelector('flex-provider')!.append(again);
    await settle();
    expect(textbox(again).value).to.equal('Half-written answer');
    expect(localStorage.getItem(`flex-elements.chat-draft:${IDENTITY}:${taskSid}`)).to.equal('Half-written answer');
    textbox(again).focus();
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(textbox(again).value).to.equal('');
    expect(localStorage.getItem(`flex-elements.chat-draft:${IDENTITY}:${taskSid}`)).to.equal(null);
  });

  it('keeps the text and shows the error when sending fails', async () => {
    const { provider, chat } = await setup();
    await acceptChat(provider);
    const errors: CustomEvent[] = [];
    chat.addEventListener('flex-error', (e) => errors.push(e as CustomEvent));
    const long = 'x'.repeat(1700); // the backend refuses more than 1600 characters
    const box = textbox(chat);
    box.value = long;
    box.dispatchEvent(new Event('input'));
    await settle();
    box.focus();
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(box.value).to.equal(long);
    const alert = shadow(chat).querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('1600');
    expect(errors).to.have.length(1);
  });

  it('follows task-sid when given, instead of the selection', async () => {
    const { provider, chat } = await setup();
    const first = await acceptChat(provider, { firstMessage: 'From the first' });
    const second = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Omar Haddad' }, firstMessage: 'From the second' });
    await settle();
    await provider.actions!.invoke('AcceptTask', { taskSid: second });
    await provider.actions!.invoke('SelectTask', { taskSid: second });
    await settle();
    expect(bodies(chat)).to.include('From the second');
    chat.taskSid = first;
    await settle();
    expect(bodies(chat)).to.include('From the first');
    expect(bodies(chat)).not.to.include('From the second');
  });

  it('works by keyboard alone: Tab to the message box, type, Enter; Tab to "Load earlier messages"', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider, { history: 10 });
    const before = document.createElement('button');
    before.textContent = 'before';
    chat.before(before);
    before.focus();
    const focused = () => shadow(chat).activeElement;
    // Tab order: the log (scrollable, so it takes focus), Load earlier messages, the message box.
    await sendKeys({ press: 'Tab' });
    expect(focused()?.getAttribute('role')).to.equal('log');
    await sendKeys({ press: 'Tab' });
    expect(focused()?.textContent!.trim()).to.equal('Load earlier messages');
    await sendKeys({ press: 'Enter' });
    await settle();
    await settle();
    expect(messagesOf(provider, taskSid)[0].index).to.equal(0);
    for (let i = 0; i < 5 && focused()?.localName !== 'textarea'; i++) await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Sent by keyboard' });
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(messagesOf(provider, taskSid).at(-1)!.body).to.equal('Sent by keyboard');
    before.remove();
  });

  it('shows attachments by name and size; only http(s) attachment URLs become links', async () => {
    const { provider, chat } = await setup();
    const taskSid = await acceptChat(provider);
    await provider.actions!.invoke('SendMessage', {
      taskSid,
      body: 'See attached',
      attachments: [
        { name: 'invoice.pdf', size: 245_760, contentType: 'application/pdf', url: 'https://files.example.com/invoice.pdf' },
        { name: 'evil.html', size: 512, contentType: 'text/html', url: 'javascript:alert(1)' },
      ],
    });
    await settle();
    const items = [...shadow(chat).querySelectorAll('[part="attachment"]')];
    expect(items.map((i) => i.textContent.trim())).to.deep.equal(['invoice.pdf (240 kB)', 'evil.html (512 byte)']);
    expect(items[0].querySelector('a')!.getAttribute('href')).to.equal('https://files.example.com/invoice.pdf');
    expect(items[1].querySelector('a')).to.equal(null);
  });
});
