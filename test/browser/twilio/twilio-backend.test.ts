// The real Twilio SDKs (twilio-taskrouter, @twilio/voice-sdk, @twilio/conversations on twilsock)
// in Chromium against the loopback emulator that web-test-runner starts
// (tools/twilio-emulator/wtr-plugin.mjs).
import { expect } from '@open-wc/testing';
import { control, emulatorUntil, goAvailable, info, mount, reservationFor, signIn, until } from './emulator-helpers.js';

describe('backend="twilio" against the loopback emulator', function () {
  this.timeout(40_000);

  it('signs in with token-url: session, role from the grant, activities, connected', async () => {
    const m = await signIn();
    const { session, activities, workers } = m.state();
    expect(session.identity).to.equal(m.identity);
    expect(session.role).to.equal('agent');
    expect(Object.values(activities).map((a) => a.name)).to.include.members(['Available', 'Offline']);
    expect(workers[session.workerSid!].identity).to.equal(m.identity);
    await goAvailable(m);
    const state = await control('/control/state');
    expect(state.workers.find((w: { identity: string }) => w.identity === m.identity).activity).to.equal('Available');
  });

  it('a second tab of the same agent does not cut the first one off (no closeExistingSessions)', async () => {
    const first = await signIn();
    const seen: string[] = [];
    const unsubscribe = first.el.store!.subscribe((state) => state.connection.status, (status) => seen.push(status));
    const second = await signIn({ identity: first.identity });
    expect(second.state().session.workerSid).to.equal(first.state().session.workerSid);
    const at = Date.now();
    await until(() => Date.now() - at > 1500, 'a moment', 3000);
    unsubscribe();
    expect(seen.filter((s) => s !== 'connected'), 'the first tab stayed connected').to.deep.equal([]);
    await goAvailable(first);
  });

  it('accepts a chat reservation, exchanges messages, pages history, wraps up and completes', async () => {
    const m = await signIn();
    await goAvailable(m);
    const { taskSid, reservation } = await reservationFor(m, 'chat', { firstMessage: 'Hello, I need help', history: 40 });
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    const task = await until(() => m.state().tasks[taskSid]?.status === 'assigned' && m.state().tasks[taskSid], 'assigned');
    const sid = task.conversationSid!;
    await until(() => m.state().messages[sid]?.some((x) => x.body === 'Hello, I need help'), 'the first message');
    expect(m.state().conversations[sid].hasOlder).to.equal(true);
    const before = m.state().messages[sid].length;
    await m.el.actions!.invoke('LoadMessages', { conversationSid: sid, before: m.state().messages[sid][0].index, pageSize: 5 });
    expect(m.state().messages[sid].length).to.equal(before + 5);

    await m.el.actions!.invoke('SendMessage', { conversationSid: sid, body: 'Hi, how can I help?' });
    await until(() => m.state().messages[sid].some((x) => x.body === 'Hi, how can I help?' && x.authorRole === 'agent'), 'own message');
    await control('/control/typing', { taskSid });
    await until(() => m.state().conversations[sid].customerTyping, 'customer typing');
    await control('/control/say', { taskSid, body: 'My order is late' });
    await until(() => m.state().messages[sid].some((x) => x.body === 'My order is late' && x.authorRole === 'customer'), 'customer reply');
    const last = m.state().messages[sid].at(-1)!.index;
    await m.el.actions!.invoke('MarkMessagesRead', { conversationSid: sid, index: last });
    const emulated = (await control('/control/state')).conversations.find((c: { sid: string }) => c.sid === sid);
    expect(emulated.read[m.identity]).to.equal(last);

    await m.el.actions!.invoke('WrapupTask', { taskSid });
    await until(() => m.state().tasks[taskSid].status === 'wrapping', 'wrapping');
    await m.el.actions!.invoke('CompleteTask', { taskSid });
    await until(() => m.state().tasks[taskSid].status === 'completed', 'completed');
  });

  it('accepts a voice reservation through the conference instruction; mute, hold, DTMF, hang up, complete', async () => {
    const m = await signIn();
    await goAvailable(m);
    const { taskSid, reservation } = await reservationFor(m, 'voice', { from: '+14155550199' });
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    const call = await until(() => Object.values(m.state().calls).find((c) => c.taskSid === taskSid && c.status === 'in-progress'), 'call in progress');
    expect(call.from).to.equal('+14155550199');
    expect(m.state().tasks[taskSid].callSid).to.equal(call.sid);
    await emulatorUntil((state) => state.calls.find((c: any) => c.taskSid === taskSid)?.status === 'in-progress', 'the emulator to see the answer');
    // As on Twilio: the conference instruction names its own `to` (contact_uri plus our session and
    // leg), the Device's invite carries only that URI's query parameters, and nothing of TaskRouter's.
    const requests = await control('/control/requests');
    const conference = requests.find((r: any) => r.params.Instruction === 'conference' && r.url.endsWith(reservation.sid)).params;
    expect(conference.To).to.match(new RegExp(`^client:${m.identity.replace(/[.+]/g, '\\$&')}\\?flex_elements_session=[^&]+&flex_elements_leg=task%3A${taskSid}$`));
    expect([conference.EndConferenceOnExit, conference.EndConferenceOnCustomerExit]).to.deep.equal([true, true]);
    const leg = (await control('/control/state')).calls.find((c: any) => c.taskSid === taskSid);
    expect(Object.keys(leg.params).sort()).to.deep.equal(['flex_elements_leg', 'flex_elements_session']);

    await m.el.actions!.invoke('ToggleMute', { taskSid });
    await until(() => m.state().calls[call.sid].muted, 'muted');
    await m.el.actions!.invoke('HoldCall', { taskSid });
    await until(() => m.state().calls[call.sid].onHold, 'on hold');
    await emulatorUntil((state) => state.conferences.find((c: any) => c.taskSid === taskSid)?.customer.onHold === true, 'the customer on hold');
    await m.el.actions!.invoke('UnholdCall', { taskSid });
    await until(() => !m.state().calls[call.sid].onHold, 'off hold');
    await m.el.actions!.invoke('SendDTMFDigits', { taskSid, digits: '12#' });
    await emulatorUntil((state) => state.calls.find((c: any) => c.taskSid === taskSid)?.digits === '12#', 'the digits 12#');

    await m.el.actions!.invoke('HangupCall', { taskSid });
    await until(() => m.state().tasks[taskSid].status === 'wrapping', 'wrapping after hang-up');
    expect(['completed', 'canceled']).to.include(m.state().calls[call.sid].status);
    await m.el.actions!.invoke('CompleteTask', { taskSid });
    await until(() => m.state().tasks[taskSid].status === 'completed', 'completed');
  });

  it('SetWorkerAttributes with one attribute keeps the others (TaskRouter replaces them): the agent still gets calls', async () => {
    const admin = await signIn({ role: 'admin' });
    const agent = await signIn();
    const agentSid = agent.state().session.workerSid!;
    await until(() => admin.state().workers[agentSid], "the agent in the admin's view");
    await admin.el.actions!.invoke('SetWorkerAttributes', { workerSid: agentSid, attributes: { team_name: 'Escalations' } });
    await until(() => agent.state().workers[agentSid].team === 'Escalations', 'the new team');
    // Own attributes too (an admin is a worker who takes calls).
    const adminSid = admin.state().session.workerSid!;
    await admin.el.actions!.invoke('SetWorkerAttributes', { workerSid: adminSid, attributes: { team_name: 'Leads' } });
    await until(() => admin.state().workers[adminSid].team === 'Leads', "the admin's new team");
    expect(admin.state().workers[adminSid].attributes['contact_uri']).to.equal(`client:${admin.identity}`);

    await goAvailable(agent);
    const attributes = agent.state().workers[agentSid].attributes;
    expect([attributes['contact_uri'], attributes['team_name']]).to.deep.equal([`client:${agent.identity}`, 'Escalations']);
    const { taskSid, reservation } = await reservationFor(agent, 'voice');
    await agent.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    await until(() => Object.values(agent.state().calls).find((c) => c.taskSid === taskSid && c.status === 'in-progress'), 'the call in progress');
    await agent.el.actions!.invoke('HangupCall', { taskSid });
    await until(() => agent.state().tasks[taskSid].status === 'wrapping', 'wrapping');
  });

  it('keeps messages typed across dropped websockets: each sent once, in order', async () => {
    const m = await signIn();
    await goAvailable(m);
    const { taskSid, reservation } = await reservationFor(m, 'chat', { firstMessage: 'Are you there?' });
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    const sid = (await until(() => m.state().tasks[taskSid]?.status === 'assigned' && m.state().tasks[taskSid], 'assigned')).conversationSid!;
    await until(() => m.state().messages[sid]?.length, 'history');
    await control('/control/drop', { which: 'all', identity: m.identity });
    const sends = ['one', 'two', 'three'].map((body) => m.el.actions!.invoke('SendMessage', { conversationSid: sid, body }));
    // The customer writes while the agent is cut off: it shows up after the reconnect.
    await control('/control/say', { taskSid, body: 'Hello? Still there?' });
    // Nothing typed is invisible: each queued message is in the store at once, as 'sending', in order.
    const waiting = await until(() => {
      const pending = m.state().messages[sid].filter((x) => x.delivery === 'sending');
      return pending.length === 3 && pending;
    }, 'three messages shown as sending');
    expect(waiting.map((x) => [x.body, x.authorRole])).to.deep.equal([
      ['one', 'agent'],
      ['two', 'agent'],
      ['three', 'agent'],
    ]);
    await until(() => m.state().connection.status === 'reconnecting', 'reconnecting');
    await until(() => m.state().connection.status === 'connected', 'connected again', 15_000);
    await Promise.all(sends);
    // Then 'sent', each once, after the customer's message that came first; no placeholder left.
    const shown = await until(() => {
      const list = m.state().messages[sid];
      return list.some((x) => x.body === 'Hello? Still there?') && list.every((x) => x.delivery !== 'sending') && list;
    }, 'the store to settle');
    expect(shown.slice(-4).map((x) => [x.body, x.delivery ?? 'customer'])).to.deep.equal([
      ['Hello? Still there?', 'customer'],
      ['one', 'sent'],
      ['two', 'sent'],
      ['three', 'sent'],
    ]);
    expect(shown.map((x) => x.index)).to.deep.equal(shown.map((_, i) => shown[0].index + i));
    expect(shown.some((x) => x.sid.startsWith('pending-'))).to.equal(false);

    const emulated = (await control('/control/state')).conversations.find((c: { sid: string }) => c.sid === sid);
    const mine = emulated.messages.filter((x: { author: string }) => x.author === m.identity).map((x: { body: string }) => x.body);
    expect(mine).to.deep.equal(['one', 'two', 'three']);
    // The service holds exactly what the panel shows: nothing stored twice (the emulator's global
    // counters would also count other files' conversations, which run beside this one).
    expect(emulated.messages.length).to.equal(shown.length);
    // TaskRouter is back too: the worker's socket reconnected and commands work.
    await m.el.actions!.invoke('WrapupTask', { taskSid });
    await until(() => m.state().tasks[taskSid].status === 'wrapping', 'wrapping');
  });

  it('refreshes the token before it expires and keeps working past the first expiry', async () => {
    const start = await control('/control/counters');
    const startCount = start.tokens;
    const m = await signIn({ ttl: 8 });
    const signedInAt = Date.now();
    await until(() => Date.now() - signedInAt > 9000, 'the first token to expire', 12_000);
    const after = await control('/control/counters');
    const tokens = after.tokens - startCount;
    expect(tokens).to.be.greaterThan(1);
    // The Conversations client took the new token on its open twilsock (an `update`), not by reconnecting.
    expect(after.twilsock.updates - start.twilsock.updates).to.be.greaterThan(0);
    expect(after.twilsock.expired - start.twilsock.expired).to.equal(0);
    await goAvailable(m);
    expect(m.state().connection.status).to.equal('connected');
    expect(m.errors).to.deep.equal([]);
  });

  it('a bad token: a clear error, flex-error, and no retry storm', async () => {
    let calls = 0;
    const good = await (await fetch(`${info.url}/token?identity=bad-${Date.now()}@example.com`)).json();
    const counters = (await control('/control/counters')).taskrouter;
    const m = await mount({
      tokenProvider: async () => {
        calls++;
        return (good.token as string).slice(0, -3) + 'AAA';
      },
    });
    await until(() => m.state().connection.status === 'error', 'the error state');
    expect(m.state().connection.error?.message).to.match(/token|refused/i);
    await until(() => m.errors.length > 0, 'flex-error');
    expect(m.el.shadowRoot!.querySelector('[part="error"]')?.textContent).to.match(/token|refused/i);
    // Watch a while longer: nothing retries.
    const at = Date.now();
    await until(() => Date.now() - at > 2000, 'two seconds', 3000);
    const after = (await control('/control/counters')).taskrouter;
    expect(calls).to.be.at.most(2);
    expect(after.wsRefused - counters.wsRefused).to.be.at.most(2);
  });
});
