import type { Worker } from '../../../src/core/model.js';
import type { ContactCenterEngine } from '../../../src/engine/engine.js';
import type { SyncStore } from './sync-store.js';
import type { TwilsockConnection } from './server.js';

/**
 * Flex's live query indexes, computed from the engine, with the field names Flex UI 2.x reads
 * (its InsightsWorker and InsightsTask): `tr-worker` keyed by worker sid {worker_sid,
 * friendly_name, activity_sid, activity_name, attributes, date_activity_changed, date_updated,
 * workspace_sid}, and `tr-reservation` keyed by reservation sid {reservation_sid, task_sid,
 * worker_sid, status (the reservation's), task_status, task_age, task_priority, queue_sid,
 * queue_name, task_channel_unique_name, attributes (the task's), date_created, date_updated}.
 * Flex starts its Sync client for these with the product id `flex_insights`. Reading them needs a
 * Sync grant and a supervisor or admin TaskRouter role (403, 54007 otherwise).
 */
export function defineFlexIndexes(
  store: SyncStore,
  engine: ContactCenterEngine,
  now: () => number,
  attributesOf: (w: Worker) => Record<string, unknown>,
): () => void {
  const iso = (ms: number) => new Date(ms).toISOString();
  const access = (c: TwilsockConnection) => {
    const grants = c.identity?.claims.grants;
    const role = grants?.task_router?.role;
    return grants?.data_sync && (role === 'supervisor' || role === 'admin')
      ? undefined
      : { status: 403, code: 54007, message: 'Live queries need a Sync grant and a supervisor or admin role' };
  };
  store.defineIndex('tr-worker', {
    access,
    items: () => {
      const out = new Map<string, Record<string, unknown>>();
      for (const w of engine.listWorkers()) {
        const activity = engine.activity(w.activitySid);
        out.set(w.sid, {
          worker_sid: w.sid,
          friendly_name: w.identity,
          activity_sid: w.activitySid,
          activity_name: activity?.name ?? '',
          date_activity_changed: iso(w.activitySince),
          date_updated: iso(w.activitySince),
          workspace_sid: engine.workspaceSid,
          attributes: attributesOf(w),
        });
      }
      return out;
    },
  });
  store.defineIndex('tr-reservation', {
    access,
    items: () => {
      const out = new Map<string, Record<string, unknown>>();
      for (const r of engine.listReservations()) {
        const t = engine.task(r.taskSid);
        if (!t) continue;
        out.set(r.sid, {
          reservation_sid: r.sid,
          task_sid: r.taskSid,
          worker_sid: r.workerSid,
          status: r.status,
          task_status: t.status,
          task_age: Math.max(0, Math.floor((now() - t.createdAt) / 1000)),
          task_priority: t.priority,
          queue_sid: t.queueSid,
          queue_name: t.queueName,
          task_channel_unique_name: t.channel,
          attributes: t.attributes,
          date_created: iso(r.createdAt),
          date_updated: iso(r.updatedAt),
          workspace_sid: engine.workspaceSid,
        });
      }
      return out;
    },
  });
  return engine.onEntry(() => store.refresh());
}
