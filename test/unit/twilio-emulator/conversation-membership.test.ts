// The emulator's Conversation membership model: who is a participant, with which role, and the
// error Twilio returns to anyone who is not (or no longer) one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversationsEmulator, ConversationsError } from '../../../tools/twilio-emulator/conversations.js';

const refused = (fn: () => unknown, status: number, code: number) =>
  assert.throws(fn, (error: unknown) => error instanceof ConversationsError && error.status === status && error.code === code);

describe('ConversationsEmulator membership', () => {
  it('adds participants with roles and lists the conversations of an identity', () => {
    const c = new ConversationsEmulator(() => 1000);
    const { sid } = c.create();
    const customer = c.addParticipant(sid, 'customer', 'customer');
    const agent = c.addParticipant(sid, 'agent@example.com', 'agent');
    assert.match(customer.sid, /^MB[0-9a-f]{32}$/);
    assert.notEqual(customer.sid, agent.sid);
    assert.equal(c.participant(sid, 'agent@example.com')?.role, 'agent');
    assert.deepEqual(c.conversationsOf('agent@example.com').map((x) => x.sid), [sid]);
    assert.deepEqual(c.conversationsOf('someone.else').map((x) => x.sid), []);
  });

  it('refuses a non-participant with 403 / 50430, and a member after they left', () => {
    const c = new ConversationsEmulator(() => 1000);
    const { sid } = c.create();
    refused(() => c.requireParticipant(sid, 'agent@example.com'), 403, 50430);
    c.addParticipant(sid, 'agent@example.com', 'agent');
    assert.equal(c.requireParticipant(sid, 'agent@example.com').role, 'agent');
    assert.equal(c.removeParticipant(sid, 'agent@example.com'), true);
    assert.equal(c.removeParticipant(sid, 'agent@example.com'), false);
    refused(() => c.requireParticipant(sid, 'agent@example.com'), 403, 50430);
    assert.equal(c.counters.refused, 2);
  });

  it('refuses a duplicate participant, a closed conversation and an unknown one', () => {
    const c = new ConversationsEmulator(() => 1000);
    const { sid } = c.create();
    c.addParticipant(sid, 'customer', 'customer');
    refused(() => c.addParticipant(sid, 'customer', 'customer'), 409, 50433);
    c.setState(sid, 'closed');
    refused(() => c.addParticipant(sid, 'late@example.com', 'agent'), 409, 45376);
    refused(() => c.requireParticipant('CH' + 'f'.repeat(32), 'customer'), 404, 50350);
  });

  it('tells observers who joined and left', () => {
    const c = new ConversationsEmulator(() => 1000);
    const { sid } = c.create();
    const seen: string[] = [];
    c.subscribe((e) => {
      if (e['event'] === 'participantJoined' || e['event'] === 'participantLeft') seen.push(`${e['event']}:${e['participant'].identity}:${e['participant'].role}`);
    });
    c.addParticipant(sid, 'sup@example.com', 'supervisor');
    c.removeParticipant(sid, 'sup@example.com');
    assert.deepEqual(seen, ['participantJoined:sup@example.com:supervisor', 'participantLeft:sup@example.com:supervisor']);
  });
});
