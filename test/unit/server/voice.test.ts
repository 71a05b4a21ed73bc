import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import TaskRouter from 'twilio-taskrouter';
import { startHarness, type Harness } from './harness.js';

const { Worker } = TaskRouter;
type Worker = InstanceType<typeof Worker>;

const once = <T = any>(emitter: { once(event: string, fn: (value: T) => void): unknown }, event: string) =>
  new Promise<T>((resolve) => emitter.once(event, resolve));

async function until<T>(what: string, probe: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('companion server: voice routes and callbacks through the twilio package, against the emulator', () => {
  let h: Harness;
  const workers: Worker[] = [];
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    for (const w of workers) w.disconnect();
    await h.close();
  });

  /** A signed-in, available agent (the real TaskRouter SDK) with a voice call accepted through the conference instruction. */
  async function agentOnCall(identity: string) {
    const token = h.token(identity);
    const w = new Worker(token, { ebServer: h.emulator.backendOptions.ebServer, wsServer: h.emulator.backendOptions.wsServer, logLevel: 'silent' } as never);
    workers.push(w);
    await once(w, 'ready');
    await [...w.activities.values()].find((a) => a.name === 'Available')!.setAsCurrent();
    const created = once<any>(w, 'reservationCreated');
    const res = await fetch(`${h.emulator.url}/control/tasks`, { method: 'POST', body: JSON.stringify({ channel: 'voice', identity, from: '+14155550123' }) });
    const { taskSid } = (await res.json()) as { taskSid: string };
    const reservation = await created;
    await reservation.conference({ endConferenceOnExit: true, endConferenceOnCustomerExit: true });
    const leg = [...h.emulator.voice.calls.values()].find((c) => c.taskSid === taskSid)!;
    const conference = h.emulator.conferences.find(taskSid)!;
    return { w, token, taskSid, reservation, leg, conference };
  }

  /** A supervisor monitoring the task (the supervise instruction), their leg in the conference. */
  async function supervisorOn(taskSid: string, reservationSid: string, identity = 'sam.super@example.com') {
    const token = h.token(identity, 'supervisor');
    const s = new TaskRouter.Supervisor(token, { ebServer: h.emulator.backendOptions.ebServer, wsServer: h.emulator.backendOptions.wsServer, logLevel: 'silent' } as never);
    workers.push(s);
    await once(s, 'ready');
    await s.monitor(taskSid, reservationSid, {});
    const leg = await until('the supervisor leg', () => [...h.emulator.voice.calls.values()].find((c) => c.taskSid === taskSid && c.leg === 'supervisor'));
    return { token, leg };
  }

  it('coach and barge: a supervisor updates their own participant (coaching + callSidToCoach, then unmuted); the emulator and the engine follow', async () => {
    const { taskSid, reservation, leg, conference } = await agentOnCall('cody@example.com');
    const sup = await supervisorOn(taskSid, reservation.sid);
    const supParticipant = conference.participants.get(sup.leg.sid)!;
    assert.equal(supParticipant.muted, true, 'monitoring starts muted');

    const coach = await h.call('POST', '/voice/participant', { token: sup.token, body: { taskSid, callSid: sup.leg.sid, muted: false, coaching: true, callSidToCoach: leg.sid } });
    assert.equal(coach.status, 200, JSON.stringify(coach.body));
    assert.deepEqual([coach.body.conferenceSid, coach.body.coaching, coach.body.callSidToCoach, coach.body.muted], [conference.sid, true, leg.sid, false]);
    assert.deepEqual([supParticipant.coaching, supParticipant.callSidToCoach], [true, leg.sid]);
    assert.equal(h.emulator.engine.supervision(taskSid)?.mode, 'coach');

    const barge = await h.call('POST', '/voice/participant', { token: sup.token, body: { taskSid, callSid: sup.leg.sid, coaching: false, muted: false } });
    assert.equal(barge.status, 200, JSON.stringify(barge.body));
    assert.deepEqual([supParticipant.coaching, supParticipant.callSidToCoach, supParticipant.muted], [false, null, false]);
    assert.equal(h.emulator.engine.supervision(taskSid)?.mode, 'barge');
    // The REST call the server made is Twilio's participant update, form-encoded as the package sends it.
    const update = h.emulator.rest.requests.filter((r) => r.path.endsWith(`/Conferences/${conference.sid}/Participants/${sup.leg.sid}.json`)).at(-1)!;
    assert.deepEqual(update.form, { Coaching: 'false', Muted: 'false' });
  });

  it('an agent cannot coach (403 forbidden) and cannot act on another agent’s task; a supervisor coaching without callSidToCoach is a 400', async () => {
    const { taskSid, leg } = await agentOnCall('nora@example.com');
    const { token: other } = await agentOnCall('otto@example.com');
    const mine = h.token('nora@example.com');
    const coach = await h.call('POST', '/voice/participant', { token: mine, body: { taskSid, callSid: leg.sid, coaching: true, callSidToCoach: leg.sid } });
    assert.deepEqual([coach.status, coach.body.code], [403, 'forbidden']);
    assert.match(coach.body.message, /supervisor or admin/);
    const notMine = await h.call('POST', '/voice/participant', { token: other, body: { taskSid, callSid: leg.sid, hold: true } });
    assert.deepEqual([notMine.status, notMine.body.code], [403, 'forbidden']);
    const sup = h.token('sam.super@example.com', 'supervisor');
    const noTarget = await h.call('POST', '/voice/participant', { token: sup, body: { taskSid, callSid: leg.sid, coaching: true } });
    assert.deepEqual([noTarget.status, noTarget.body.code, noTarget.body.field], [400, 'invalid-input', 'callSidToCoach']);
  });

  it('bad input is a 400 invalid-input naming the field; a call not in the conference is a 404 from Twilio', async () => {
    const { taskSid, token, leg } = await agentOnCall('bea@example.com');
    for (const [body, field] of [
      [{ callSid: leg.sid, hold: true }, 'taskSid'],
      [{ taskSid: 'WT123', callSid: leg.sid, hold: true }, 'taskSid'],
      [{ taskSid, callSid: 'nope', hold: true }, 'callSid'],
      [{ taskSid, callSid: leg.sid, hold: 'yes' }, 'hold'],
      [{ taskSid, callSid: leg.sid }, 'body'],
      [{ taskSid, callSid: leg.sid, conferenceSid: 42, hold: true }, 'conferenceSid'],
    ] as const) {
      const r = await h.call('POST', '/voice/participant', { token, body });
      assert.deepEqual([r.status, r.body.code, r.body.field], [400, 'invalid-input', field], JSON.stringify(body));
    }
    const notJson = await h.call('POST', '/voice/participant', { token, body: '{"taskSid": ', headers: { 'Content-Type': 'application/json' } });
    assert.deepEqual([notJson.status, notJson.body.code], [400, 'invalid-input']);
    const wrongType = await h.call('POST', '/voice/participant', { token, body: 'taskSid=WT1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.deepEqual([wrongType.status, wrongType.body.code], [415, 'unsupported-media-type']);
    const stranger = await h.call('POST', '/voice/participant', { token, body: { taskSid, callSid: 'CA' + 'f'.repeat(32), hold: true } });
    assert.deepEqual([stranger.status, stranger.body.code], [404, 'not-found']);
    // The agent may hold a participant of their own call (here the customer).
    const conference = h.emulator.conferences.find(taskSid)!;
    const hold = await h.call('POST', '/voice/participant', { token, body: { taskSid, callSid: conference.customer.callSid, hold: true } });
    assert.equal(hold.status, 200, JSON.stringify(hold.body));
    assert.equal(conference.customer.onHold, true);
  });

  it('add-participant dials the number into the conference (the emulator plays that party) and returns its call sid and label', async () => {
    const { taskSid, token, conference } = await agentOnCall('ari@example.com');
    const added = await h.call('POST', '/voice/add-participant', { token, body: { taskSid, to: '+14155550177' } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.match(added.body.callSid, /^CA[0-9a-f]{32}$/);
    assert.equal(added.body.label, 'external:+14155550177');
    const p = conference.participants.get(added.body.callSid)!;
    assert.equal(p.kind, 'external');
    // The caller ID is the Flex configuration's default outbound caller ID.
    assert.equal(h.emulator.conferences.pstn.get(added.body.callSid)!.from, '+18005550100');
    await until('the added party to answer', () => p.status === 'joined');
    // The added party hangs up: the call goes on for the agent and the customer.
    await fetch(`${h.emulator.url}/control/hangup`, { method: 'POST', body: JSON.stringify({ callSid: added.body.callSid }) });
    assert.equal(p.status, 'left');
    assert.deepEqual([conference.status, conference.customer.inConference], ['in-progress', true]);
    const bad = await h.call('POST', '/voice/add-participant', { token, body: { taskSid, to: '415-555-0177' } });
    assert.deepEqual([bad.status, bad.body.code, bad.body.field], [400, 'invalid-input', 'to']);
  });

  it('cold transfer to a number: the customer’s call is redirected there and stays up; the agent leaves and wraps up', async () => {
    const { taskSid, token, conference, reservation } = await agentOnCall('cole@example.com');
    const wrapped = once(reservation, 'wrapup');
    const r = await h.call('POST', '/voice/cold-transfer', { token, body: { taskSid, to: '+14155550188' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.callSid, conference.customer.callSid);
    const update = h.emulator.rest.requests.filter((x) => x.path.endsWith(`/Calls/${conference.customer.callSid}.json`)).at(-1)!;
    assert.match(update.form['Twiml'] ?? '', /<Dial>\+14155550188<\/Dial>/);
    await wrapped;
    const customer = h.emulator.conferences.pstn.get(conference.customer.callSid)!;
    assert.deepEqual([customer.status, customer.connectedTo], ['in-progress', '+14155550188']);
    assert.equal(conference.status, 'completed');
    const far = [...h.emulator.conferences.pstn.values()].find((c) => c.parentCallSid === customer.sid)!;
    assert.equal(far.to, '+14155550188');
    // The agent's call is over (wrap-up): a second transfer is a conflict, and bad numbers are refused before anything.
    const again = await h.call('POST', '/voice/cold-transfer', { token, body: { taskSid, to: '+14155550189' } });
    assert.deepEqual([again.status, again.body.code], [409, 'conflict']);
    const bad = await h.call('POST', '/voice/cold-transfer', { token, body: { taskSid, to: 'not a number' } });
    assert.deepEqual([bad.status, bad.body.field], [400, 'to']);
  });

  it('POST /callbacks creates a callback task through TaskRouter REST that routes to the named queue; bad input is a 400', async () => {
    const token = h.token('cal@example.com');
    const queue = h.emulator.engine.listQueues().find((q) => q.channels.includes('callback') && q.name !== h.emulator.engine.listQueues()[0].name)!;
    const r = await h.call('POST', '/callbacks', { token, body: { to: '+14155550166', name: 'Robin Caller', scheduledFor: '2026-12-02T15:30:00Z', queue: queue.sid, notes: 'About the invoice' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const task = h.emulator.engine.task(r.body.taskSid)!;
    assert.equal(task.channel, 'callback');
    assert.equal(task.queueSid, queue.sid);
    // The attributes src/core/callbacks.ts reads.
    assert.deepEqual(task.attributes, {
      callbackNumber: '+14155550166',
      name: 'Robin Caller',
      scheduledFor: '2026-12-02T15:30:00.000Z',
      notes: 'About the invoice',
      requestedBy: 'cal@example.com',
      requestedAt: task.attributes['requestedAt'],
      selected_queue: queue.name,
    });
    const request = h.emulator.rest.requests.filter((x) => x.path.endsWith('/Tasks') && x.method === 'POST').at(-1)!;
    assert.equal(request.form['TaskChannel'], 'callback');
    for (const [body, field] of [
      [{ name: 'x' }, 'to'],
      [{ to: '+14155550166', scheduledFor: 'tomorrow-ish' }, 'scheduledFor'],
      [{ to: '+14155550166', queue: 'No Such Queue' }, 'queue'],
      [{ to: '+14155550166', name: 'x'.repeat(101) }, 'name'],
    ] as const) {
      const bad = await h.call('POST', '/callbacks', { token, body });
      assert.deepEqual([bad.status, bad.body.code, bad.body.field], [400, 'invalid-input', field], JSON.stringify(body));
    }
    const anonymous = await h.call('POST', '/callbacks', { body: { to: '+14155550166' } });
    assert.equal(anonymous.status, 401);
  });
});
