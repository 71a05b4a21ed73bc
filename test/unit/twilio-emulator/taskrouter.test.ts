import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import TaskRouter from 'twilio-taskrouter';

const { Worker } = TaskRouter;
type Worker = InstanceType<typeof Worker>;
import { startEmulator, type Emulator } from '../../../tools/twilio-emulator/emulator.js';
import { once, post } from './support.js';



describe('twilio emulator: TaskRouter EventBridge with twilio-taskrouter 2.1.1', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ reservationTimeout: 60 });
  });
  after(async () => {
    await emulator.close();
  });

  function worker(identity: string, ttl?: number): Worker {
    return new Worker(emulator.token(identity, ttl ? { ttl } : {}), {
      ebServer: emulator.backendOptions.ebServer,
      wsServer: emulator.backendOptions.wsServer,
      logLevel: 'silent',
    } as never);
  }

  it('signs in, goes available and receives a chat reservation; the Task API is refused for it', async () => {
    const w = worker('ada@example.com');
    await once(w, 'ready');
    assert.equal(w.activity.name, 'Offline');
    const names = [...w.activities.values()].map((a) => a.name);
    assert.ok(names.includes('Available'), names.join());
    const available = [...w.activities.values()].find((a) => a.name === 'Available')!;
    const updated = once(w, 'activityUpdated');
    await available.setAsCurrent();
    await updated;
    assert.equal(w.activity.name, 'Available');

    const created = once<any>(w, 'reservationCreated');
    const { taskSid } = await post(emulator, '/control/tasks', { channel: 'chat', firstMessage: 'Hello' });
    const reservation = await created;
    assert.equal(reservation.task.sid, taskSid);
    assert.equal(reservation.task.taskChannelUniqueName, 'chat');
    assert.equal(reservation.task.attributes.name, 'Pat Customer');

    // A chat task is a Flex interaction: the Task API is refused for it (Interactions owns it, see interactions.test.ts).
    await assert.rejects(reservation.accept(), /Interactions API/);
    await assert.rejects(reservation.task.wrapUp({ reason: 'done' }), /Interactions API/);
    await assert.rejects(reservation.task.complete('resolved'), /Interactions API/);
    assert.equal(emulator.engine.task(taskSid)?.status, 'reserved');
    assert.ok(emulator.interactions.counters.taskRouterBypassRefused >= 3);
    w.disconnect();
  });

  it('the conference instruction dials `To` (or contact_uri); the invite carries only its query parameters', async () => {
    const w = worker('cora@example.com');
    await once(w, 'ready');
    await [...w.activities.values()].find((a) => a.name === 'Available')!.setAsCurrent();
    const created = once<any>(w, 'reservationCreated');
    const { taskSid } = await post(emulator, '/control/tasks', { channel: 'voice', identity: 'cora@example.com' });
    const reservation = await created;
    await reservation.conference({ to: 'client:cora@example.com?ctx=abc&leg=1', endConferenceOnExit: true, endConferenceOnCustomerExit: true });
    const leg = [...emulator.voice.calls.values()].find((c) => c.taskSid === taskSid)!;
    assert.equal(leg.identity, 'cora@example.com');
    assert.deepEqual(leg.params, { ctx: 'abc', leg: '1' });
    const state = await post(emulator, '/control/state', {});
    const conference = state.conferences.find((c: any) => c.taskSid === taskSid);
    assert.equal(conference.endConferenceOnCustomerExit, true);
    assert.deepEqual(conference.participants.map((p: any) => [p.workerSid, p.endConferenceOnExit]), [[w.sid, true]]);
    w.disconnect();
  });

  it('a conference instruction for a worker without contact_uri and without To is refused; the reservation stays pending', async () => {
    const w = worker('dale@example.com');
    await once(w, 'ready');
    const sid = emulator.engine.workerByIdentity('dale@example.com')!.sid;
    // Replace the attributes without contact_uri, as a careless SetWorkerAttributes would.
    await w.setAttributes({ full_name: 'Dale' });
    await [...w.activities.values()].find((a) => a.name === 'Available')!.setAsCurrent();
    const created = once<any>(w, 'reservationCreated');
    await post(emulator, '/control/tasks', { channel: 'voice', identity: 'dale@example.com' });
    const reservation = await created;
    await assert.rejects(reservation.conference({}), /contact_uri/);
    assert.equal(emulator.engine.reservation(reservation.sid)?.status, 'pending');
    assert.equal(emulator.engine.worker(sid)?.attributes['contact_uri'], undefined);
    w.disconnect();
  });

  it('refuses a bad token on the websocket and counts it', async () => {
    const before = emulator.taskrouter.counters.wsRefused;
    const w = new Worker(emulator.token('bob@example.com').replace(/.$/, 'x'), {
      ebServer: emulator.backendOptions.ebServer,
      wsServer: emulator.backendOptions.wsServer,
      logLevel: 'silent',
    } as never);
    const error = await once<any>(w, 'error');
    assert.ok(error);
    assert.ok(emulator.taskrouter.counters.wsRefused > before);
    w.disconnect();
  });
});
