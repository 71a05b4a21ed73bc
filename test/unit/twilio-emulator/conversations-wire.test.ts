// The real @twilio/conversations 3.0.1 Client (and the twilio-sync and twilsock clients inside it),
// behind the Twilio backend's `sdkConversations` adapter, on its real wire: twilsock to the
// emulator's /v3/wsconnect, with the Conversations REST resources and Sync objects served there.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import {
  sdkConversations,
  type ConversationsPort,
  type PortMessage,
} from '../../../src/backends/twilio/conversations.js';
import { startEmulator, type Emulator } from '../../../tools/twilio-emulator/emulator.js';
import { userSid } from '../../../tools/twilio-emulator/twilsock/conversations-service.js';

// twilsock opens its socket with the global WebSocket (a browser's); Node 20 has none.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const AGENT = 'agent@example.com';

// After a shutdown the SDK rejects requests it still had queued, with no one to catch them.
process.on('unhandledRejection', (error) => {
  if (!/Unable to connect|Twilsock: request cancelled|disconnected/.test(String((error as Error)?.message ?? error)))
    throw error;
});

async function until<T>(check: () => T | undefined | false, what: string, timeout = 8000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the real @twilio/conversations Client over twilsock against the emulator', () => {
  let emulator: Emulator;
  let port: ConversationsPort | undefined;
  before(async () => {
    emulator = await startEmulator({});
  });
  after(async () => {
    await emulator.close();
  });
  afterEach(async () => {
    // Let the client finish what it started (its own background reads after init) before shutting
    // it down: a request it queues while shutting down is rejected with nobody to catch it, which
    // the test runner counts against whichever test runs next.
    if (port) await new Promise((resolve) => setTimeout(resolve, 500));
    await port?.shutdown();
    port = undefined;
  });

  function conversation(history: number, members: string[] = [AGENT]) {
    const c = emulator.conversations.create();
    emulator.conversations.addParticipant(c.sid, 'customer', 'customer');
    for (const m of members) emulator.conversations.addParticipant(c.sid, m, 'agent');
    for (let i = 0; i < history; i++)
      emulator.conversations.add(c.sid, i % 2 ? 'previous.agent' : 'customer', `History ${i + 1}`);
    return c.sid;
  }

  async function connect(identity = AGENT, ttl?: number) {
    port = await sdkConversations(emulator.token(identity, ttl ? { ttl } : {}), {
      twilsockUri: emulator.backendOptions.twilsockUri,
      conversationsClientOptions: { logLevel: 'silent' },
    });
    // Started: the client is subscribed to its my-conversations map (a shutdown earlier leaves requests behind).
    await until(
      () => emulator.syncStore.isSubscribed(identity, `my_conversations.${userSid(identity)}`),
      'the my-conversations subscription',
    );
    return port;
  }

  it('connects, initializes from Configuration and lists my conversations', async () => {
    conversation(0);
    const before = emulator.twilsock.requests.length;
    const p = await connect();
    assert.equal(p.state, 'connected');
    const asked = emulator.twilsock.requests.slice(before);
    assert.equal(asked[0], 'GET aim.us1.twilio.com/Client/v2/Configuration');
    await until(
      () => emulator.twilsock.requests.slice(before).includes('GET aim.us1.twilio.com/Client/v2/Me/Conversations'),
      'the conversations list',
    );
    assert.ok(
      asked.some((r) => r.startsWith('GET cds.us1.twilio.com/v3/Maps/my_conversations.')),
      'the my-conversations map is read from Sync',
    );
  });

  it('pages history backwards through the Sync messages list', async () => {
    const sid = conversation(40);
    const p = await connect();
    const newest = await p.page(sid, { pageSize: 10 });
    assert.deepEqual(
      newest.items.map((m) => m.index),
      [30, 31, 32, 33, 34, 35, 36, 37, 38, 39],
    );
    assert.equal(newest.hasOlder, true);
    assert.equal(newest.count, 40);
    assert.equal(newest.items[9].body, 'History 40');
    assert.equal(newest.items[9].author, 'previous.agent');
    const older = await p.page(sid, { pageSize: 10, before: 30 });
    assert.deepEqual(
      older.items.map((m) => m.index),
      [20, 21, 22, 23, 24, 25, 26, 27, 28, 29],
    );
    const oldest = await p.page(sid, { pageSize: 10, before: 5 });
    assert.deepEqual(
      oldest.items.map((m) => m.index),
      [0, 1, 2, 3, 4],
    );
    assert.equal(oldest.hasOlder, false);
  });

  it("sends: stored by the service, back as messageAdded once; the customer's reply arrives", async () => {
    const sid = conversation(3);
    const p = await connect();
    await p.page(sid, { pageSize: 30 });
    await until(() => emulator.syncStore.isSubscribed(AGENT, `${sid}.messages`), 'the messages subscription');
    const added: PortMessage[] = [];
    p.on('message', (m) => added.push(m));
    const sent = await p.send(sid, { body: 'Hi, how can I help?', attributes: { role: 'agent' }, clientId: 'c-1' });
    assert.equal(sent.index, 3);
    assert.equal(sent.author, AGENT);
    assert.deepEqual(sent.attributes, { role: 'agent', clientId: 'c-1' });
    const stored = emulator.conversations.conversations.get(sid)!.messages.at(-1)!;
    assert.equal(stored.body, 'Hi, how can I help?');
    assert.equal(stored.author, AGENT);
    emulator.conversations.add(sid, 'customer', 'My order is late');
    await until(() => added.some((m) => m.body === 'My order is late'), 'the reply');
    assert.deepEqual(
      added.map((m) => [m.index, m.author, m.body]),
      [
        [3, AGENT, 'Hi, how can I help?'],
        [4, 'customer', 'My order is late'],
      ],
    );
  });

  it("typing: ours reaches the service, the customer's starts and ends after the timeout", async () => {
    const sid = conversation(1);
    const p = await connect();
    await p.page(sid, { pageSize: 30 });
    const typing: [string, string, boolean][] = [];
    p.on('typing', (s, identity, on) => typing.push([s, identity, on]));
    const seen: string[] = [];
    const stop = emulator.conversations.subscribe((e) => {
      if (e['event'] === 'typing' && e['sid'] === sid) seen.push(String(e['identity']));
    });
    await p.typing(sid);
    stop();
    assert.deepEqual(seen, [AGENT]);
    emulator.conversations.typing(sid, 'customer', true);
    await until(() => typing.some(([, , on]) => on), 'typingStarted');
    assert.deepEqual(typing[0], [sid, 'customer', true]);
    // The SDK ends it itself after the service's typing timeout (5 s) when nothing follows.
    await until(() => typing.length === 2, 'typingEnded', 9000);
    assert.deepEqual(typing[1], [sid, 'customer', false]);
  });

  it("read horizons: ours reaches the service; the customer's comes back from the roster", async () => {
    const sid = conversation(6);
    const p = await connect();
    await p.page(sid, { pageSize: 30 });
    const reads: [string, string, number][] = [];
    p.on('read', (s, identity, index) => reads.push([s, identity, index]));
    await p.read(sid, 5);
    await until(() => emulator.conversations.conversations.get(sid)!.read[AGENT] === 5, 'our horizon on the service');
    emulator.conversations.markRead(sid, 'customer', 4);
    await until(() => reads.some(([, who]) => who === 'customer'), 'the customer read event');
    assert.deepEqual(
      reads.find(([, who]) => who === 'customer'),
      [sid, 'customer', 4],
    );
    const page = await p.page(sid, { pageSize: 3 });
    assert.equal(page.read['customer'], 4);
    assert.equal(page.read[AGENT], 5);
  });

  it('membership: someone who is not a participant can neither read nor send (50430)', async () => {
    const sid = conversation(2, ['someone.else@example.com']);
    const p = await connect('outsider@example.com');
    const refusedBefore = emulator.conversationsService.counters.refused;
    const notMember = (e: { status?: number; body?: { code?: number } }) => e.status === 403 && e.body?.code === 50430;
    await assert.rejects(p.page(sid, { pageSize: 10 }), notMember);
    await assert.rejects(
      p.send(sid, { body: 'let me in', attributes: {}, clientId: 'c-x' }),
      (e: { status?: number }) => e.status === 403,
    );
    assert.ok(emulator.conversationsService.counters.refused > refusedBefore, 'the service refused with 50430');
    assert.equal(emulator.conversations.conversations.get(sid)!.messages.length, 2);
    // Removed from the conversation, a participant loses access too.
    emulator.conversations.addParticipant(sid, 'outsider@example.com', 'agent');
    emulator.conversations.removeParticipant(sid, 'outsider@example.com');
    await assert.rejects(p.send(sid, { body: 'still here?', attributes: {}, clientId: 'c-y' }));
  });

  it('a bad token is refused at twilsock init (denied, no retry)', async () => {
    const refused = emulator.twilsock.counters.refused;
    await assert.rejects(
      sdkConversations('not-a-token.x.y', {
        twilsockUri: emulator.backendOptions.twilsockUri,
        conversationsClientOptions: { logLevel: 'silent' },
      }),
    );
    assert.equal(emulator.twilsock.counters.refused, refused + 1);
  });

  it("token refresh goes through twilsock's update; a dropped socket reconnects and catches up", async () => {
    const sid = conversation(2);
    const p = await connect(AGENT);
    await p.page(sid, { pageSize: 30 });
    const updates = emulator.twilsock.counters.updates;
    await p.updateToken(emulator.token(AGENT, { ttl: 600 }));
    assert.equal(emulator.twilsock.counters.updates, updates + 1);
    const added: PortMessage[] = [];
    p.on('message', (m) => added.push(m));
    const states: string[] = [];
    p.on('connection', (s) => states.push(s));
    emulator.twilsock.drop(AGENT);
    // What the customer writes while the socket is down is replayed by Sync on the resubscription.
    emulator.conversations.add(sid, 'customer', 'while you were away');
    await until(() => p.state === 'connected' && states.includes('connecting'), 'reconnected', 10000);
    emulator.conversations.add(sid, 'customer', 'after');
    await until(() => added.length === 2, 'both messages');
    assert.deepEqual(
      added.map((m) => [m.index, m.body]),
      [
        [2, 'while you were away'],
        [3, 'after'],
      ],
    );
  });
});
