// The real twilio-sync 4.0.1 SyncClient, started as Flex starts its own (product id
// `flex_insights`), on its real wire (twilsock to the emulator's /v3/wsconnect): Flex's live query
// indexes tr-worker and tr-reservation with Flex's field names, who may read them, and a dropped
// socket catching up.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SyncClient } from 'twilio-sync';
import { startEmulator, type Emulator } from '../../../tools/twilio-emulator/emulator.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

async function until<T>(check: () => T | undefined | false, what: string, timeout = 8000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the real twilio-sync client (product flex_insights) over twilsock against the emulator', () => {
  let emulator: Emulator;
  const clients: SyncClient[] = [];
  before(async () => {
    emulator = await startEmulator({});
  });
  after(async () => {
    for (const c of clients) await c.shutdown().catch(() => {});
    await emulator.close();
  });

  function client(identity: string, role: string): SyncClient {
    const c = new SyncClient(emulator.token(identity, { role }), {
      productId: 'flex_insights',
      twilsock: { uri: emulator.backendOptions.twilsockUri },
      logLevel: 'silent',
    } as never);
    clients.push(c);
    return c;
  }

  it("reads tr-worker and tr-reservation with Flex's fields, live, and catches up after a drop", async () => {
    const sync = client('lead@example.com', 'supervisor');
    emulator.token('ana@example.com');
    const ana = emulator.engine.workerByIdentity('ana@example.com')!;
    const workers = await sync.liveQuery('tr-worker', '');
    const item = workers.getItems()[ana.sid] as Record<string, unknown>;
    assert.ok(item, 'the worker is in tr-worker');
    assert.deepEqual(Object.keys(item).sort(), [
      'activity_name',
      'activity_sid',
      'attributes',
      'date_activity_changed',
      'date_updated',
      'friendly_name',
      'worker_sid',
      'workspace_sid',
    ]);
    assert.equal(item['friendly_name'], 'ana@example.com');

    const reservations = await sync.liveQuery('tr-reservation', `data.worker_sid == "${ana.sid}"`);
    assert.deepEqual(reservations.getItems(), {});
    const updates: { key: string; value: Record<string, unknown> }[] = [];
    reservations.on('itemUpdated', (e: { key: string; value: Record<string, unknown> }) => updates.push(e));
    const available = emulator.engine.listActivities().find((a) => a.available)!;
    emulator.engine.setWorkerActivity(ana.sid, available.sid);
    const taskSid = emulator.engine.createTask({
      channel: 'chat',
      attributes: { name: 'Robin' },
      targetWorkerSid: ana.sid,
    });
    const first = await until(
      () => updates.find((u) => u.value['task_sid'] === taskSid),
      'the reservation in tr-reservation',
    );
    assert.equal(first.value['status'], 'pending');
    for (const field of [
      'reservation_sid',
      'task_sid',
      'worker_sid',
      'status',
      'task_status',
      'task_age',
      'task_priority',
      'queue_name',
      'task_channel_unique_name',
      'attributes',
      'date_created',
      'date_updated',
    ]) {
      assert.ok(field in first.value, `tr-reservation has ${field}`);
    }
    assert.equal(first.value['task_channel_unique_name'], 'chat');
    assert.deepEqual((first.value['attributes'] as Record<string, unknown>)['name'], 'Robin');

    // The socket drops; what changes meanwhile arrives after the reconnect.
    emulator.twilsock.drop('lead@example.com', 'flex_insights');
    emulator.engine.acceptReservation(first.key);
    await until(
      () => updates.some((u) => u.key === first.key && u.value['status'] === 'accepted'),
      'the accepted reservation after the reconnect',
      10_000,
    );
    assert.equal(sync.connectionState, 'connected');
  });

  it("refuses an agent's token (no Sync grant) at twilsock init, and an unsupported expression (54507)", async () => {
    const lead = client('lead.two@example.com', 'supervisor');
    await assert.rejects(
      lead.liveQuery('tr-worker', 'data.activity_name > "A"'),
      (e: { code?: number }) => e.code === 54507,
    );
    const worker = new SyncClient(emulator.token('plain.agent@example.com'), {
      productId: 'flex_insights',
      twilsock: { uri: emulator.backendOptions.twilsockUri },
      logLevel: 'silent',
    } as never);
    clients.push(worker);
    // An agent's token has no Sync grant: twilsock refuses the product at init (denied).
    await until(() => worker.connectionState === 'denied', 'denied');
  });
});
