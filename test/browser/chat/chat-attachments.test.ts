import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/chat/chat.js';
import type { FlexChat } from '../../../src/components/chat/chat.js';
import { settle, simulatorFixture } from '../helpers.js';

// The composer's "Attach file" button on the simulator backend: choose, list, remove, limits, send.

async function setup(attachments?: { maxFiles?: number; maxFileSize?: number }) {
  const { page, provider } = await simulatorFixture<HTMLDivElement>(
    html`<div style="width: 480px">
      <flex-provider
        sim-traffic="off"
        sim-clock="manual"
        identity="jane.doe@example.com"
        .appConfig=${attachments ? { chat: { attachments } } : undefined}
      >
        <flex-chat></flex-chat>
      </flex-provider>
    </div>`,
  );
  const chat = page.querySelector('flex-chat')!;
  const actions = provider.actions!;
  await actions.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Rita Moreno' }, firstMessage: 'Hello' });
  await settle();
  await actions.invoke('AcceptTask', { taskSid });
  await actions.invoke('SelectTask', { taskSid });
  await settle();
  return { provider, chat, taskSid };
}

const root = (chat: FlexChat) => chat.shadowRoot!;
const attachButton = (chat: FlexChat) =>
  [...root(chat).querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Attach file')!;
const fileInput = (chat: FlexChat) => root(chat).querySelector<HTMLInputElement>('input[type="file"]')!;
const chips = (chat: FlexChat) => [...root(chat).querySelectorAll('[part="attachment-chip"] .chip-name')].map((c) => c.textContent.trim());
const removeButton = (chat: FlexChat, name: string) =>
  [...root(chat).querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === `Remove ${name}`);

/** What the file chooser hands the page: files on the input, then `change`. */
async function choose(chat: FlexChat, files: File[]) {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  const input = fileInput(chat);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}

const file = (name: string, text: string, type = 'text/plain') => new File([text], name, { type });

describe('<flex-chat> attachments', () => {
  beforeEach(() => localStorage.clear());

  it('has an "Attach file" button reached by Tab from the message box that opens the file chooser', async () => {
    const { chat } = await setup();
    await expect(chat).to.be.accessible();
    const input = fileInput(chat);
    expect(input.multiple).to.equal(true);
    let opened = 0;
    input.click = () => void opened++;
    root(chat).querySelector('textarea')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(root(chat).activeElement).to.equal(attachButton(chat));
    await sendKeys({ press: 'Enter' });
    expect(opened).to.equal(1);
    await sendKeys({ press: 'Space' });
    expect(opened).to.equal(2);
  });

  it('lists chosen files as removable chips; Remove takes one out and focus returns to "Attach file"', async () => {
    const { chat } = await setup();
    await choose(chat, [file('notes.txt', 'hello'), file('photo.png', 'PNG…', 'image/png')]);
    expect(chips(chat)).to.deep.equal(['notes.txt (5 byte)', 'photo.png (6 byte)']);
    expect(root(chat).querySelector('[part="attachments"]')!.getAttribute('aria-label')).to.equal('Files to send');
    await expect(chat).to.be.accessible();
    // Send is possible with files alone.
    expect(root(chat).querySelector<HTMLButtonElement>('[part="send-button"]')!.disabled).to.equal(false);
    removeButton(chat, 'notes.txt')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(chips(chat)).to.deep.equal(['photo.png (6 byte)']);
    expect(removeButton(chat, 'notes.txt')).to.equal(undefined);
    expect(root(chat).activeElement).to.equal(attachButton(chat));
  });

  it('refuses files over the size and count limits with a visible error and a flex-error, keeping the others', async () => {
    const { chat } = await setup({ maxFiles: 2, maxFileSize: 10 });
    const errors: CustomEvent[] = [];
    chat.addEventListener('flex-error', (e) => errors.push(e as CustomEvent));
    await choose(chat, [file('big.txt', 'x'.repeat(11)), file('a.txt', 'a')]);
    expect(chips(chat)).to.deep.equal(['a.txt (1 byte)']);
    let alert = root(chat).querySelector('[part="attach-error"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('big.txt is too large: a file can be at most 10 byte');
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['invalid-attachment']);
    await expect(chat).to.be.accessible();
    await choose(chat, [file('b.txt', 'b'), file('c.txt', 'c')]);
    expect(chips(chat)).to.deep.equal(['a.txt (1 byte)', 'b.txt (1 byte)']);
    alert = root(chat).querySelector('[part="attach-error"]')!;
    expect(alert.textContent).to.contain('A message can have at most 2 files.');
    expect(errors).to.have.length(2);
  });

  it('sends the text and the files in one SendMessage; the message shows them and the chips clear', async () => {
    const { provider, chat, taskSid } = await setup();
    const payloads: any[] = [];
    provider.actions!.addListener('before', 'SendMessage', (payload) => void payloads.push(payload));
    await choose(chat, [file('receipt.pdf', '%PDF-1.4 test', 'application/pdf')]);
    const box = root(chat).querySelector('textarea')!;
    box.value = 'Here is the receipt';
    box.dispatchEvent(new Event('input'));
    await settle();
    box.focus();
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(payloads).to.have.length(1);
    expect(payloads[0].body).to.equal('Here is the receipt');
    expect(payloads[0].attachments.map((a: any) => [a.name, a.size, a.contentType, a.file instanceof File])).to.deep.equal([
      ['receipt.pdf', 13, 'application/pdf', true],
    ]);
    const conversationSid = provider.store!.getState().tasks[taskSid].conversationSid!;
    const sent = provider.store!.getState().messages[conversationSid].at(-1)!;
    expect(sent.body).to.equal('Here is the receipt');
    expect(sent.attachments!.map((a) => a.name)).to.deep.equal(['receipt.pdf']);
    const last = [...root(chat).querySelectorAll('.message')].at(-1)!;
    expect(last.querySelector('[part="attachment"]')!.textContent.trim()).to.equal('receipt.pdf (13 byte)');
    expect(chips(chat)).to.deep.equal([]);
    expect(box.value).to.equal('');
  });

  it('keeps the chosen files when the send fails', async () => {
    const { provider, chat } = await setup();
    provider.actions!.addListener('before', 'SendMessage', (_payload, abort) => {
      abort('The network is down');
    });
    await choose(chat, [file('keep.txt', 'keep me')]);
    root(chat).querySelector<HTMLButtonElement>('[part="send-button"]')!.click();
    await settle();
    expect(root(chat).querySelector('[part="error"]')!.textContent).to.contain('The network is down');
    expect(chips(chat)).to.deep.equal(['keep.txt (7 byte)']);
  });

  it('keeps chosen files per task', async () => {
    const { provider, chat, taskSid } = await setup();
    await choose(chat, [file('first.txt', '1')]);
    const other = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Sam Lee' }, firstMessage: 'Hi' });
    await settle();
    await provider.actions!.invoke('AcceptTask', { taskSid: other });
    await provider.actions!.invoke('SelectTask', { taskSid: other });
    await settle();
    expect(chips(chat)).to.deep.equal([]);
    await provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    expect(chips(chat)).to.deep.equal(['first.txt (1 byte)']);
  });
});
