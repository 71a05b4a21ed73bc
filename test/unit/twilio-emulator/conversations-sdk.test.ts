// The real @twilio/conversations 3.0.1 Client, behind the Twilio backend's `sdkConversations`
// adapter, with its injectable internals (twilsockClient, transport, syncClient,
// notificationsClient) replaced by fakes driven by the emulator's conversation state.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { sdkConversations, type ConversationsPort, type PortMessage } from '../../../src/backends/twilio/conversations.js';
import { ConversationsEmulator } from '../../../tools/twilio-emulator/conversations.js';
import { conversationsSdkFakes, type ConversationsSdkFakes } from '../../../tools/twilio-emulator/conversations-sdk.js';

const AGENT = 'agent@example.com';

async function until<T>(check: () => T | undefined | false, what: string, timeout = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('sdkConversations: the real @twilio/conversations Client over injected fakes', () => {
  let port: ConversationsPort | undefined;
  let fakes: ConversationsSdkFakes | undefined;
  afterEach(async () => {
    await port?.shutdown();
    fakes?.close();
    port = undefined;
    fakes = undefined;
  });

  async function start(history: number) {
    const emulator = new ConversationsEmulator(() => Date.now());
    const conversation = emulator.create();
    for (let i = 0; i < history; i++) emulator.add(conversation.sid, i % 2 ? 'previous.agent' : 'customer', `History ${i + 1}`);
    fakes = conversationsSdkFakes(emulator, AGENT, 1);
    const { requests: _requests, close: _close, ...internals } = fakes;
    port = await sdkConversations('a-token', { conversationsClientOptions: { ...internals, disableDeepClone: true, logLevel: 'silent' } });
    return { emulator, sid: conversation.sid, port, fakes };
  }

  it('initializes from the Configuration resource and the my-conversations list', async () => {
    const { port, fakes } = await start(0);
    assert.equal(port.state, 'connected');
    assert.equal(fakes.requests[0], 'GET Client/v2/Configuration');
    await until(() => fakes.requests.includes('GET Client/v2/Me/Conversations'), 'the conversations list');
  });

  it('pages history backwards through the SDK paginator', async () => {
    const { port, sid } = await start(40);
    const newest = await port.page(sid, { pageSize: 10 });
    assert.deepEqual(
      newest.items.map((m) => m.index),
      [30, 31, 32, 33, 34, 35, 36, 37, 38, 39],
    );
    assert.equal(newest.hasOlder, true);
    assert.equal(newest.count, 40);
    assert.equal(newest.items[9].body, 'History 40');
    assert.equal(newest.items[9].author, 'previous.agent');
    const older = await port.page(sid, { pageSize: 10, before: 30 });
    assert.deepEqual(
      older.items.map((m) => m.index),
      [20, 21, 22, 23, 24, 25, 26, 27, 28, 29],
    );
    const oldest = await port.page(sid, { pageSize: 10, before: 5 });
    assert.deepEqual(
      oldest.items.map((m) => m.index),
      [0, 1, 2, 3, 4],
    );
    assert.equal(oldest.hasOlder, false);
  });

  it('sends: the message is stored by the service and comes back as messageAdded, once', async () => {
    const { port, sid, emulator, fakes } = await start(3);
    // The backend opens a task's conversation by loading its newest page first.
    await port.page(sid, { pageSize: 30 });
    const added: PortMessage[] = [];
    port.on('message', (m) => added.push(m));
    const sent = await port.send(sid, { body: 'Hi, how can I help?', attributes: { role: 'agent' }, clientId: 'c-1' });
    assert.equal(sent.index, 3);
    assert.equal(sent.author, AGENT);
    assert.equal(sent.body, 'Hi, how can I help?');
    assert.deepEqual(sent.attributes, { role: 'agent', clientId: 'c-1' });
    const stored = emulator.conversations.get(sid)!.messages.at(-1)!;
    assert.equal(stored.body, 'Hi, how can I help?');
    assert.deepEqual(stored.attributes, { role: 'agent', clientId: 'c-1' });
    assert.ok(fakes.requests.includes(`POST Client/v2/Conversations/${sid}/Messages`));
    // The customer replies: it arrives through the messages list's itemAdded.
    emulator.add(sid, 'customer', 'My order is late');
    await until(() => added.some((m) => m.body === 'My order is late'), 'the reply');
    assert.deepEqual(
      added.map((m) => [m.index, m.author, m.body]),
      [
        [3, AGENT, 'Hi, how can I help?'],
        [4, 'customer', 'My order is late'],
      ],
    );
  });

  it('typing: ours reaches the service, the customer\'s starts and ends', async () => {
    const { port, sid, emulator, fakes } = await start(1);
    await port.page(sid, { pageSize: 30 });
    const typing: [string, string, boolean][] = [];
    port.on('typing', (s, identity, on) => typing.push([s, identity, on]));
    const seen: string[] = [];
    emulator.subscribe((e) => {
      if (e.event === 'typing') seen.push(String(e.identity));
    });
    await port.typing(sid);
    assert.ok(fakes.requests.includes('POST Client/v2/Services/typing'));
    assert.deepEqual(seen, [AGENT]);
    emulator.typing(sid, 'customer', true);
    await until(() => typing.some(([, , on]) => on), 'typingStarted');
    assert.deepEqual(typing[0], [sid, 'customer', true]);
    // The SDK ends it by itself after the typing timeout (1 s here) when nothing follows.
    await until(() => typing.length === 2, 'typingEnded', 3000);
    assert.deepEqual(typing[1], [sid, 'customer', false]);
  });

  it('read state: our horizon reaches the service; the customer\'s comes back as participantUpdated', async () => {
    const { port, sid, emulator } = await start(6);
    await port.page(sid, { pageSize: 30 });
    const reads: [string, string, number][] = [];
    port.on('read', (s, identity, index) => reads.push([s, identity, index]));
    await port.read(sid, 5);
    assert.equal(emulator.conversations.get(sid)!.read[AGENT], 5);
    emulator.markRead(sid, 'customer', 4);
    await until(() => reads.some(([, who]) => who === 'customer'), 'the customer read event');
    assert.deepEqual(
      reads.find(([, who]) => who === 'customer'),
      [sid, 'customer', 4],
    );
    const page = await port.page(sid, { pageSize: 3 });
    assert.equal(page.read['customer'], 4);
    assert.equal(page.read[AGENT], 5);
  });

  it('connection state follows twilsock: disconnected, then connected again', async () => {
    const { port, fakes } = await start(0);
    const states: string[] = [];
    port.on('connection', (s) => states.push(s));
    fakes.twilsockClient.drop();
    assert.equal(port.state, 'disconnected');
    fakes.twilsockClient.connect();
    await until(() => port.state === 'connected', 'connected');
    assert.deepEqual(states, ['disconnected', 'connected']);
  });
});
