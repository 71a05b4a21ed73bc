// The REAL @twilio/conversations 3.0.1 Client in Chromium behind backend="twilio", on its real
// wire: twilsock to the emulator (/v3/wsconnect), which serves the Conversations REST resources
// and the Sync objects the Client reads; attachments go through the SDK's own McsClient
// (XMLHttpRequest) to the emulator's media service. The customer's side is the control API.
import { expect } from '@open-wc/testing';
import '../../../src/components/chat/chat.js';
import type { FlexChat } from '../../../src/components/chat/chat.js';
import { control, emulatorUntil, goAvailable, mount, reservationFor, until, type Mounted } from './emulator-helpers.js';

async function signInWithSdk(): Promise<Mounted & { chat: FlexChat }> {
  const m = await mount();
  await until(() => m.state().connection.status === 'connected' && m.state().session.workerSid, 'connected', 15_000);
  const chat = document.createElement('flex-chat');
  m.el.append(chat);
  return { ...m, chat };
}

/** What this identity's Conversations client asked the emulator (twilsock upstream requests). */
async function asked(): Promise<string[]> {
  return (await control('/control/twilsock-requests')) as string[];
}

async function acceptChat(m: Mounted, extra: Record<string, unknown>) {
  await goAvailable(m);
  const { taskSid, reservation } = await reservationFor(m, 'chat', extra);
  await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
  const task = await until(() => m.state().tasks[taskSid]?.status === 'assigned' && m.state().tasks[taskSid], 'assigned');
  await m.el.actions!.invoke('SelectTask', { taskSid });
  return { taskSid, sid: task.conversationSid! };
}

/** Polls the emulator's media service for an identity's uploads until `check` holds. */
async function mediaUntil(identity: string, check: (media: any[]) => boolean, what: string): Promise<any[]> {
  const start = performance.now();
  for (;;) {
    const { media } = (await control('/control/media', { identity })) as { media: any[] };
    if (check(media)) return media;
    if (performance.now() - start > 10_000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

const root = (chat: FlexChat) => chat.shadowRoot!;
const button = (chat: FlexChat, name: string) =>
  [...root(chat).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === name);

/** Chooses files through the "Attach file" button (the chooser itself is the browser's: the files are handed to the input). */
async function attach(chat: FlexChat, files: File[]) {
  const input = root(chat).querySelector<HTMLInputElement>('input[type="file"]')!;
  let opened = false;
  input.click = () => void (opened = true);
  button(chat, 'Attach file')!.click();
  expect(opened, 'the file chooser was opened').to.equal(true);
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await chat.updateComplete;
}

async function type(chat: FlexChat, text: string) {
  const box = root(chat).querySelector('textarea')!;
  box.value = text;
  box.dispatchEvent(new Event('input'));
  await chat.updateComplete;
}

describe('backend="twilio" with the real @twilio/conversations Client in Chromium', function () {
  this.timeout(45_000);

  it('accepts a chat, pages history, sends, receives, typing both ways and read state', async () => {
    const m = await signInWithSdk();
    {
      const { taskSid, sid } = await acceptChat(m, { firstMessage: 'Hello, I need help', history: 40 });
      expect(await asked()).to.include('GET aim.us1.twilio.com/Client/v2/Configuration');
      // History through the SDK's paginator: the newest 30, then 5 more.
      await until(() => m.state().messages[sid]?.some((x) => x.body === 'Hello, I need help'), 'the first message');
      expect(m.state().conversations[sid].messageCount).to.equal(41);
      expect(m.state().messages[sid].map((x) => x.index)).to.deep.equal(Array.from({ length: 30 }, (_, i) => 11 + i));
      expect(m.state().conversations[sid].hasOlder).to.equal(true);
      await m.el.actions!.invoke('LoadMessages', { conversationSid: sid, before: 11, pageSize: 5 });
      expect(m.state().messages[sid][0]).to.include({ index: 6, body: 'History message 7', authorRole: 'customer' });
      expect((await asked()).some((r) => r.startsWith(`GET cds.us1.twilio.com/v3/Lists/`))).to.equal(true);

      // The agent sends: stored by the emulator once, shown as sent in <flex-chat>.
      await m.el.actions!.invoke('SendMessage', { taskSid, body: 'Hi, how can I help?' });
      await emulatorUntil((s) => s.conversations.find((c: any) => c.sid === sid)?.messages.at(-1)?.body === 'Hi, how can I help?', 'stored');
      const stored = (await control('/control/state')).conversations.find((c: any) => c.sid === sid).messages;
      expect(stored.filter((x: any) => x.body === 'Hi, how can I help?')).to.have.length(1);
      expect(stored.at(-1).author).to.equal(m.identity);
      await until(() => root(m.chat).textContent.includes('Hi, how can I help?'), 'the sent message in <flex-chat>');

      // Typing: ours reaches the service; the customer's shows, then ends by the SDK's timeout (5 s).
      await m.el.actions!.invoke('SendTyping', { taskSid });
      await emulatorUntil((s) => s.typing.some((t: any) => t.identity === m.identity && t.sid === sid), 'our typing at the service');
      await control('/control/typing', { taskSid });
      await until(() => m.state().conversations[sid].customerTyping, 'customer typing');
      await until(() => root(m.chat).querySelector('[part="typing"]')!.textContent.includes('is typing'), 'the typing indicator');
      await until(() => !m.state().conversations[sid].customerTyping, 'customer typing ends', 9000);

      // The customer writes: it arrives through the messages list's itemAdded.
      await control('/control/say', { taskSid, body: 'My order is late' });
      await until(() => m.state().messages[sid].some((x) => x.body === 'My order is late' && x.authorRole === 'customer'), 'customer reply');
      await until(() => root(m.chat).textContent.includes('My order is late'), 'the reply in <flex-chat>');

      // Read state both ways: ours reaches the service (<flex-chat> marks what is on screen), theirs shows "Read".
      const last = m.state().messages[sid].at(-1)!.index;
      await emulatorUntil((s) => s.conversations.find((c: any) => c.sid === sid)?.read[m.identity] === last, 'our read horizon');
      const agentIndex = m.state().messages[sid].findLast((x) => x.authorRole === 'agent' && x.author === m.identity)!.index;
      await control('/control/read', { taskSid, index: agentIndex });
      await until(() => m.state().conversations[sid].customerReadIndex >= agentIndex, 'the customer read it');
      await until(() => root(m.chat).querySelector('[part="receipt"]')?.textContent.trim() === 'Read', '"Read" in <flex-chat>');
      expect(m.errors).to.deep.equal([]);
    }
  });

  it('uploads an attachment chosen with "Attach file" through the McsClient; <flex-chat> links to the stored bytes', async () => {
    const m = await signInWithSdk();
    const { sid } = await acceptChat(m, { firstMessage: 'Can you look at this?' });
    await until(() => button(m.chat, 'Attach file') && !button(m.chat, 'Attach file')!.disabled, 'the Attach file button');
    const text = `Order 1234: two blue mugs ${Math.random().toString(36).slice(2)}`;
    await attach(m.chat, [new File([text], 'order.txt', { type: 'text/plain' })]);
    expect(root(m.chat).querySelector('[part="attachment-chip"]')!.textContent).to.contain('order.txt');
    await type(m.chat, 'Here is the order');
    button(m.chat, 'Send')!.click();

    // The emulator's media service holds the bytes, uploaded with the agent's token.
    const media = await mediaUntil(m.identity, (list) => list.length > 0, 'the upload');
    expect(media).to.have.length(1);
    expect(media[0]).to.include({ filename: 'order.txt', contentType: 'text/plain', size: new Blob([text]).size, author: m.identity });
    expect(atob(media[0].base64)).to.equal(text);

    // The message is stored with that ME sid and shown in <flex-chat> as a working link.
    await emulatorUntil((s) => s.conversations.find((c: any) => c.sid === sid)?.messages.at(-1)?.media?.[0]?.sid === media[0].sid, 'the message with the media sid');
    const message = await until(() => m.state().messages[sid].find((x) => x.body === 'Here is the order' && x.delivery === 'sent' && x.attachments?.[0]?.url), 'the sent message with a URL');
    expect(message.attachments!.map((a) => [a.name, a.size, a.contentType])).to.deep.equal([['order.txt', media[0].size, 'text/plain']]);
    const link = await until(() => root(m.chat).querySelector<HTMLAnchorElement>('[part="attachment"] a'), 'the attachment link');
    expect(link.textContent).to.contain('order.txt');
    const download = await fetch(link.href);
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-type')).to.equal('text/plain');
    expect(await download.text()).to.equal(text);
    expect(root(m.chat).querySelector('[part="attachment-chip"]')).to.equal(null);
    await expect(m.chat).to.be.accessible();
    expect(m.errors).to.deep.equal([]);
  });

  it('a refused upload shows a visible error and loses nothing: the text and the file stay, and send again works', async () => {
    const m = await signInWithSdk();
    const { sid } = await acceptChat(m, { firstMessage: 'Send me the photo' });
    await control('/control/media-limit', { identity: m.identity, maxBytes: 10 });
    await until(() => button(m.chat, 'Attach file') && !button(m.chat, 'Attach file')!.disabled, 'the Attach file button');
    await attach(m.chat, [new File(['x'.repeat(100)], 'photo.jpg', { type: 'image/jpeg' })]);
    await type(m.chat, 'The photo');
    button(m.chat, 'Send')!.click();

    const alert = await until(() => root(m.chat).querySelector('[part="error"]'), 'the error');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('refused (413)');
    expect(m.errors.map((e) => e.code)).to.include('send-failed');
    // Nothing lost: the text and the file are still in the composer; the attempt shows as not delivered.
    expect(root(m.chat).querySelector('textarea')!.value).to.equal('The photo');
    expect(root(m.chat).querySelector('[part="attachment-chip"]')!.textContent).to.contain('photo.jpg');
    await until(() => m.state().messages[sid].some((x) => x.body === 'The photo' && x.delivery === 'failed'), 'the failed attempt');
    await until(() => root(m.chat).textContent.includes('Not delivered'), '"Not delivered" in <flex-chat>');
    // Nothing half-sent: no message, no media.
    const state = await control('/control/state');
    expect(state.conversations.find((c: any) => c.sid === sid).messages.map((x: any) => x.body)).not.to.include('The photo');
    expect((await control('/control/media', { identity: m.identity })).media).to.deep.equal([]);

    // The limit lifted, the same composer sends.
    await control('/control/media-limit', { identity: m.identity });
    button(m.chat, 'Send')!.click();
    await emulatorUntil((s) => s.conversations.find((c: any) => c.sid === sid)?.messages.at(-1)?.body === 'The photo', 'sent on retry');
    await until(() => m.state().messages[sid].some((x) => x.body === 'The photo' && x.delivery === 'sent' && x.attachments?.[0]?.name === 'photo.jpg'), 'sent with the photo');
    expect((await control('/control/media', { identity: m.identity })).media.map((x: any) => x.size)).to.deep.equal([100]);
  });
});
