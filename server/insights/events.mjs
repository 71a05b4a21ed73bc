// TaskRouter's workspace event callback (EventCallbackUrl: form-encoded, one event per POST) →
// the store's events. The same names as the browser's Insights port (src/core/insights/types.ts).

const num = (value) => (value === undefined || value === '' ? undefined : Number(value));

function attributesOf(params) {
  try {
    const parsed = JSON.parse(params.TaskAttributes ?? '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/** An activity's status: `offline`, `available` (it takes tasks) or `unavailable`. */
export function activityStatus(params) {
  if (params.WorkerActivityAvailable !== undefined) {
    if (params.WorkerActivityAvailable === 'true') return 'available';
  }
  const name = String(params.WorkerActivityName ?? '').toLowerCase();
  if (name === 'offline') return 'offline';
  if (params.WorkerActivityAvailable === 'false') return 'unavailable';
  return name === 'available' || name === 'idle' ? 'available' : 'unavailable';
}

/**
 * One callback's parameters → zero or one store event. Event types that Insights does not fold
 * (reservation.created, task.updated, …) give undefined; they are acknowledged and dropped.
 */
export function eventFromCallback(params) {
  const type = params.EventType;
  const at = num(params.TimestampMs) ?? (num(params.Timestamp) ?? Date.now() / 1000) * 1000;
  const base = {
    sid: params.Sid || undefined,
    at: Math.round(at),
    taskSid: params.TaskSid,
    ...(params.WorkerSid ? { workerSid: params.WorkerSid } : {}),
    ...(params.WorkerName ? { workerName: params.WorkerName } : {}),
    ...(params.TaskQueueSid ? { queueSid: params.TaskQueueSid } : {}),
    ...(params.TaskQueueName ? { queueName: params.TaskQueueName } : {}),
  };
  switch (type) {
    case 'task.created': {
      const attributes = attributesOf(params);
      const customer = attributes.name ?? attributes.from ?? attributes.customerName ?? '';
      return { ...base, type: 'task.created', channel: params.TaskChannelUniqueName ?? '', customer: typeof customer === 'string' ? customer : '' };
    }
    case 'task-queue.entered':
      return { ...base, type: 'task.queued' };
    case 'reservation.accepted':
      return params.WorkerSid ? { ...base, type: 'reservation.accepted' } : undefined;
    case 'task.wrapup':
      return { ...base, type: 'task.wrapup' };
    case 'task.completed': {
      // Flex writes the wrap-up into the task's attributes (conversations.outcome, as Flex Insights reads it).
      const attributes = attributesOf(params);
      const conversations = attributes.conversations && typeof attributes.conversations === 'object' ? attributes.conversations : {};
      const disposition = conversations.outcome ?? attributes.disposition ?? '';
      const notes = conversations.content ?? attributes.notes ?? '';
      return { ...base, type: 'task.completed', disposition: String(disposition), notes: String(notes) };
    }
    case 'task.canceled':
      return { ...base, type: 'task.canceled' };
    case 'task.transfer-initiated':
      return { ...base, type: 'task.transferred' };
    case 'worker.activity.update':
    case 'worker.created':
      return params.WorkerSid ? { ...base, taskSid: undefined, type: 'worker.activity', status: activityStatus(params) } : undefined;
    default:
      return undefined;
  }
}
