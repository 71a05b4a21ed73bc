// Conformance of the emulator with what real Twilio does, scenario by scenario: the flows that
// twilio-taskrouter.js's own integration tests run against a real account (inbound and outbound
// conferences, warm and cold transfers, hold, kick, supervisor monitor, wrap-up and complete after
// a transfer), restated here in our own words. The real twilio-taskrouter SDK drives the workers;
// the conference is inspected through the real `twilio` REST package, as those tests do. Workers
// answer on phones (contact_uri a number), which the emulator plays, so no Device is needed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type twilio from 'twilio';
import TaskRouter from 'twilio-taskrouter';
import WebSocket from 'ws';
import { createTwilioClient } from '../../../server/twilio-client.mjs';
import { startEmulator, type Emulator } from '../../../tools/twilio-emulator/emulator.js';
import { TEST_ACCOUNT } from '../../../tools/twilio-emulator/tokens.js';

const { Worker, Supervisor } = TaskRouter;
type Worker = InstanceType<typeof Worker>;

const once = <T = any>(emitter: { once(event: string, fn: (value: T) => void): unknown }, event: string, ms = 8000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No ${event} within ${ms} ms`)), ms);
    emitter.once(event, (value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('twilio emulator conformance: twilio-taskrouter.js integration scenarios with the real SDK and the twilio REST package', () => {
  let emulator: Emulator;
  let rest: twilio.Twilio;
  const workers: Worker[] = [];
  let phone = 100;

  before(async () => {
    emulator = await startEmulator({ reservationTimeout: 120, phoneAnswerMs: 30 });
    rest = createTwilioClient({ accountSid: TEST_ACCOUNT.accountSid, apiKeySid: TEST_ACCOUNT.apiKeySid, apiKeySecret: TEST_ACCOUNT.apiKeySecret, apiBaseUrl: `${emulator.url}/twilio` });
  });
  after(async () => {
    for (const w of workers) w.disconnect();
    await emulator.close();
  });

  const options = () => ({ ebServer: emulator.backendOptions.ebServer, wsServer: emulator.backendOptions.wsServer, logLevel: 'silent' }) as never;

  /** A worker signed in with the SDK, on a phone of its own (its contact_uri, set merged with the other attributes), available. */
  async function agent(identity: string, { available = true } = {}) {
    const w = new Worker(emulator.token(identity), options());
    workers.push(w);
    await once(w, 'ready');
    const number = `+1415555${String(++phone).padStart(4, '0')}`;
    await w.setAttributes({ ...w.attributes, contact_uri: number });
    if (available) await [...w.activities.values()].find((a) => a.name === 'Available')!.setAsCurrent();
    return { w, number };
  }

  async function inboundCall(identity: string, from = '+14155550123'): Promise<string> {
    const res = await fetch(`${emulator.url}/control/tasks`, { method: 'POST', body: JSON.stringify({ channel: 'voice', identity, from }) });
    return ((await res.json()) as { taskSid: string }).taskSid;
  }

  /** The conference as Twilio's REST API shows it: found by the task's sid (TaskRouter's name for it), with its participants. */
  async function conferenceOf(taskSid: string, status?: 'in-progress' | 'completed') {
    const [conference] = await rest.conferences.list({ friendlyName: taskSid, ...(status ? { status } : {}), limit: 1 });
    if (!conference) return undefined;
    const participants = conference.status === 'in-progress' ? await rest.conferences(conference.sid).participants.list() : [];
    return { conference, participants, byLabel: (label: string) => participants.find((p) => p.label === label) };
  }

  const connected = (taskSid: string, count: number) =>
    until(`${count} connected participants`, async () => {
      const c = await conferenceOf(taskSid, 'in-progress');
      return c && c.participants.length === count && c.participants.every((p) => p.status === 'connected') && c;
    });

  /** The far end of a leg hangs up, as the integration tests end a worker's phone call through REST. */
  const hangUp = (callSid: string) => rest.calls(callSid).update({ status: 'completed' });

  it('inbound: the conference instruction joins customer and agent in a conference named after the task; the agent leaving with endConferenceOnExit ends it', async () => {
    const { w } = await agent('in.ada@example.com');
    const created = once<any>(w, 'reservationCreated');
    const taskSid = await inboundCall('in.ada@example.com', '+14155550111');
    const reservation = await created;
    const accepted = once(reservation, 'accepted');
    await reservation.conference({ endConferenceOnExit: true, endConferenceOnCustomerExit: true });
    await accepted;
    const c = await connected(taskSid, 2);
    assert.equal(c.conference.friendlyName, taskSid);
    const customer = c.byLabel('customer')!;
    assert.equal((await rest.calls(customer.callSid).fetch()).from, '+14155550111');
    const agentLeg = c.byLabel('in.ada@example.com')!;
    assert.deepEqual([agentLeg.endConferenceOnExit, customer.endConferenceOnExit], [true, true]);

    const wrapped = once(reservation, 'wrapup');
    await hangUp(agentLeg.callSid);
    await wrapped;
    assert.equal((await rest.conferences(c.conference.sid).fetch()).status, 'completed');
    assert.equal((await rest.calls(customer.callSid).fetch()).status, 'completed', 'the customer is dropped with the conference');
    const completed = once(reservation, 'completed');
    await reservation.complete();
    await completed;
    assert.equal(reservation.task.status, 'completed');
  });

  it('outbound: Worker.createTask routes a task to the caller, its conference dials the customer; a Device dial creates no task', async () => {
    const { w } = await agent('out.olga@example.com');
    const created = once<any>(w, 'reservationCreated');
    await w.createTask('+14155550142', '+18005550100', emulator.backendOptions.outboundWorkflowSid, emulator.backendOptions.outboundQueueSid, {
      taskChannelUniqueName: 'voice',
      attributes: { direction: 'outbound', outbound_to: '+14155550142', from: '+18005550100', to: '+14155550142' },
    });
    const reservation = await created;
    assert.equal(reservation.task.taskChannelUniqueName, 'voice');
    await reservation.conference({ endConferenceOnExit: true, endConferenceOnCustomerExit: true });
    const c = await connected(reservation.task.sid, 2);
    const customerCall = await rest.calls(c.byLabel('customer')!.callSid).fetch();
    assert.deepEqual([customerCall.to, customerCall.from], ['+14155550142', '+18005550100']);

    // A Device placing a call (device.connect) reaches a TwiML App on Twilio; the emulator has none:
    // the call is hung up and no task appears (Flex never creates outbound tasks that way).
    const tasksBefore = emulator.engine.listTasks().length;
    const socket = new WebSocket(`wss://${emulator.backendOptions.chunderw}/signal`, { rejectUnauthorized: false });
    await once(socket, 'open');
    const frames: any[] = [];
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8').trim();
      if (text) frames.push(JSON.parse(text));
    });
    const send = (type: string, payload: unknown) => socket.send(JSON.stringify({ type, version: '1.6', payload }));
    send('listen', { token: emulator.token('out.olga@example.com'), browserinfo: {}, reconnectTimeout: 0 });
    await until('connected', () => frames.some((f) => f.type === 'connected'));
    send('register', { media: { audio: true } });
    await until('registered', () => frames.some((f) => f.type === 'ready'));
    send('invite', { callsid: 'CA' + 'd'.repeat(32), sdp: 'v=0', twilio: { params: 'To=%2B14155550143' } });
    await until('the dial hung up', () => frames.some((f) => f.type === 'hangup' && f.payload.callsid === 'CA' + 'd'.repeat(32)));
    socket.close();
    assert.equal(emulator.engine.listTasks().length, tasksBefore);
  });

  it('warm transfer: TaskRouter holds the customer, the transferee joins and resumes them, holds and kicks work between the workers; wrap-up and complete after the transfer are per reservation', async () => {
    const a = await agent('warm.amy@example.com');
    const b = await agent('warm.ben@example.com');
    const created = once<any>(a.w, 'reservationCreated');
    const taskSid = await inboundCall('warm.amy@example.com');
    const ra = await created;
    await ra.conference({ endConferenceOnExit: false });
    await connected(taskSid, 2);

    const initiated = once(ra.task, 'transferInitiated');
    const offered = once<any>(b.w, 'reservationCreated');
    await ra.task.transfer(b.w.sid, { mode: 'WARM' });
    await initiated;
    assert.equal((await conferenceOf(taskSid, 'in-progress'))!.byLabel('customer')!.hold, true, 'the customer is held while the transfer rings');
    const rb = await offered;
    await rb.conference({ endConferenceOnExit: true });
    const three = await connected(taskSid, 3);
    assert.equal(three.byLabel('customer')!.hold, true, 'still held when the transferee joins');
    await rb.task.updateParticipant({ hold: false });
    assert.equal((await conferenceOf(taskSid, 'in-progress'))!.byLabel('customer')!.hold, false);

    // Either worker may hold the other (and itself) while both are in the conference.
    await ra.task.hold(b.w.sid, true);
    assert.equal((await conferenceOf(taskSid, 'in-progress'))!.byLabel('warm.ben@example.com')!.hold, true);
    await ra.task.hold(b.w.sid, false);
    await rb.task.hold(a.w.sid, true);
    assert.equal((await conferenceOf(taskSid, 'in-progress'))!.byLabel('warm.amy@example.com')!.hold, true);
    await rb.task.hold(a.w.sid, false);

    // The transferor leaves: only their reservation wraps up; the call goes on with the transferee.
    const aWrapped = once(ra, 'wrapup');
    await hangUp(three.byLabel('warm.amy@example.com')!.callSid);
    await aWrapped;
    const two = await connected(taskSid, 2);
    assert.ok(two.byLabel('warm.ben@example.com'));
    await ra.complete();
    assert.equal(ra.status, 'completed');
    assert.equal(rb.status, 'accepted', 'the transferee’s reservation is untouched by the transferor completing');
    // The transferee hangs up (endConferenceOnExit): the conference ends, then they wrap up and complete.
    const bWrapped = once(rb, 'wrapup');
    await hangUp(two.byLabel('warm.ben@example.com')!.callSid);
    await bWrapped;
    assert.equal((await conferenceOf(taskSid))!.conference.status, 'completed');
    await rb.complete();
    assert.equal(rb.status, 'completed');
  });

  it('kick: a worker removes another from the conference; that worker’s reservation wraps up and the call goes on', async () => {
    const a = await agent('kick.kim@example.com');
    const b = await agent('kick.kai@example.com');
    const created = once<any>(a.w, 'reservationCreated');
    const taskSid = await inboundCall('kick.kim@example.com');
    const ra = await created;
    await ra.conference({ endConferenceOnExit: true });
    await connected(taskSid, 2);
    const offered = once<any>(b.w, 'reservationCreated');
    await ra.task.transfer(b.w.sid, { mode: 'WARM' });
    const rb = await offered;
    await rb.conference({ endConferenceOnExit: false });
    await connected(taskSid, 3);
    const bWrapped = once(rb, 'wrapup');
    await ra.task.kick(b.w.sid);
    await bWrapped;
    const c = await connected(taskSid, 2);
    assert.equal(c.byLabel('kick.kai@example.com'), undefined);
    assert.equal(ra.status, 'accepted');
  });

  it('cold transfer: a transferor who leaves with endConferenceOnExit on drops the customer; with it turned off first (as Flex does) the customer stays for the transferee', async () => {
    // The wrong way.
    const a = await agent('cold.cid@example.com');
    const b = await agent('cold.cat@example.com');
    let created = once<any>(a.w, 'reservationCreated');
    let taskSid = await inboundCall('cold.cid@example.com');
    let ra = await created;
    await ra.conference({ endConferenceOnExit: true, endConferenceOnCustomerExit: true });
    let c = await connected(taskSid, 2);
    await ra.task.transfer(b.w.sid, { mode: 'COLD' });
    const dropped = await once<any>(b.w, 'reservationCreated');
    await hangUp(c.byLabel('cold.cid@example.com')!.callSid);
    assert.equal((await conferenceOf(taskSid))!.conference.status, 'completed');
    assert.equal((await rest.calls(c.byLabel('customer')!.callSid).fetch()).status, 'completed', 'the customer was dropped');
    await dropped.reject().catch(() => {});
    await ra.complete().catch(() => {});

    // Flex's way: endConferenceOnExit off on the transferor's participant, then the transfer.
    created = once<any>(a.w, 'reservationCreated');
    taskSid = await inboundCall('cold.cid@example.com');
    ra = await created;
    await ra.conference({ endConferenceOnExit: true, endConferenceOnCustomerExit: true });
    c = await connected(taskSid, 2);
    await ra.updateParticipant({ endConferenceOnExit: false });
    assert.equal((await conferenceOf(taskSid, 'in-progress'))!.byLabel('cold.cid@example.com')!.endConferenceOnExit, false);
    const offered = once<any>(b.w, 'reservationCreated');
    await ra.task.transfer(b.w.sid, { mode: 'COLD' });
    const rb = await offered;
    await hangUp(c.byLabel('cold.cid@example.com')!.callSid);
    const customer = (await conferenceOf(taskSid, 'in-progress'))!.byLabel('customer');
    assert.ok(customer, 'the customer is still in the conference');
    await rb.conference({ endConferenceOnExit: true });
    const after = await connected(taskSid, 2);
    assert.ok(after.byLabel('cold.cat@example.com'));
    await rb.task.updateParticipant({ hold: false });
    assert.equal((await conferenceOf(taskSid, 'in-progress'))!.byLabel('customer')!.hold, false);
  });

  it('hold is refused (400) for a worker who is not in the conference, and on a call with no TaskRouter conference', async () => {
    const a = await agent('hold.hal@example.com');
    const other = await agent('hold.hue@example.com');
    let created = once<any>(a.w, 'reservationCreated');
    const taskSid = await inboundCall('hold.hal@example.com');
    const ra = await created;
    await ra.conference({ endConferenceOnExit: true });
    await connected(taskSid, 2);
    await assert.rejects(ra.task.hold(other.w.sid, true), /400/);
    // A voice reservation accepted without the conference instruction has no conference to hold in.
    created = once<any>(other.w, 'reservationCreated');
    await inboundCall('hold.hue@example.com');
    const plain = await created;
    await plain.accept();
    await assert.rejects(plain.task.updateParticipant({ hold: true }), /400/);
  });

  it('supervisor monitor: the supervise instruction adds the supervisor, muted, as a third participant', async () => {
    const a = await agent('sup.amos@example.com');
    const created = once<any>(a.w, 'reservationCreated');
    const taskSid = await inboundCall('sup.amos@example.com');
    const ra = await created;
    await ra.conference({ endConferenceOnExit: true, endConferenceOnCustomerExit: true });
    await connected(taskSid, 2);
    const s = new Supervisor(emulator.token('sup.sue@example.com', { role: 'supervisor' }), options());
    workers.push(s);
    await once(s, 'ready');
    await s.monitor(taskSid, ra.sid, { To: '+14155559999' });
    const c = await connected(taskSid, 3);
    const sup = c.byLabel('supervisor:sup.sue@example.com')!;
    assert.deepEqual([sup.muted, sup.coaching, sup.endConferenceOnExit], [true, false, false]);
    // Stopping the supervision takes the supervisor out of the conference; the call goes on.
    emulator.engine.stopMonitoring(taskSid);
    assert.equal((await connected(taskSid, 2)).byLabel('supervisor:sup.sue@example.com'), undefined);
    // A worker may not supervise.
    await assert.rejects((a.w as any)._request.post(`Workspaces/${emulator.engine.workspaceSid}/Tasks/${taskSid}/Reservations/${ra.sid}`, { Instruction: 'supervise', SupervisorMode: 'monitor' }, 'v1'), /403/);
  });

  it('attributes: a worker’s Attributes replace the document, and so do a task’s (the SDK sends an object)', async () => {
    const { w } = await agent('attr.ava@example.com');
    await w.setAttributes({ full_name: 'Ava' });
    assert.equal(emulator.engine.workerByIdentity('attr.ava@example.com')!.attributes['contact_uri'], undefined, 'contact_uri is gone');
    await [...w.activities.values()].find((a) => a.name === 'Available')!.setAsCurrent();
    const created = once<any>(w, 'reservationCreated');
    const taskSid = await inboundCall('attr.ava@example.com');
    const r = await created;
    await assert.rejects(r.conference({}), /contact_uri/, 'no contact_uri: Twilio cannot dial the worker');
    await r.accept();
    await r.task.setAttributes({ note: 'only this' });
    const task = emulator.engine.task(taskSid)!;
    assert.equal(JSON.stringify(task.attributes), JSON.stringify({ note: 'only this' }));
    assert.deepEqual(JSON.parse((await rest.taskrouter.v1.workspaces(emulator.engine.workspaceSid).tasks(taskSid).fetch()).attributes), { note: 'only this' });
  });
});
