// What a caller may act on: a TaskRouter task they hold (agents), or any task (supervisors, admins),
// and the task's voice conference. Shared by the routes that act on a task.
import { HttpError, invalid } from './http.mjs';
import { callTwilio } from './twilio-client.mjs';

export const SID = {
  task: /^WT[0-9a-fA-F]{32}$/,
  call: /^CA[0-9a-fA-F]{32}$/,
  conference: /^CF[0-9a-fA-F]{32}$/,
  queue: /^WQ[0-9a-fA-F]{32}$/,
  workflow: /^WW[0-9a-fA-F]{32}$/,
};

/** A required SID field of the body, checked for its shape. */
export function sidField(body, field, kind, { optional = false } = {}) {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || !SID[kind].test(value)) throw invalid(field, `expected a ${kind} SID (${SID[kind].source.slice(1, 3)}…)`);
  return value;
}

/**
 * The task, if the caller may act on it: an agent must hold an accepted (or wrapping) reservation
 * of it; supervisors and admins may act on any task of the workspace. With `live: true` (an
 * operation on the call itself) an agent's reservation must still be accepted: after wrap-up the
 * call is over (409 conflict).
 * @returns {Promise<{task: object, attributes: Record<string, any>, reservation: object | undefined}>}
 */
export async function ownTask({ twilio, settings, user }, taskSid, { live = false } = {}) {
  const workspace = twilio.taskrouter.v1.workspaces(settings.workspaceSid);
  const task = await callTwilio(`Fetching task ${taskSid}`, () => workspace.tasks(taskSid).fetch());
  let attributes = {};
  try {
    attributes = JSON.parse(task.attributes || '{}');
  } catch {
    // A task whose attributes are not JSON has none we can use.
  }
  const reservations = await callTwilio(`Listing the reservations of task ${taskSid}`, () => workspace.tasks(taskSid).reservations.list({ limit: 50 }));
  const reservation = reservations.find((r) => r.workerSid === user.workerSid && (r.reservationStatus === 'accepted' || r.reservationStatus === 'wrapping'));
  if (!reservation && user.role === 'agent') throw new HttpError('forbidden', `Task ${taskSid} is not assigned to you`);
  if (live && reservation && reservation.reservationStatus !== 'accepted' && user.role === 'agent')
    throw new HttpError('conflict', `Task ${taskSid} is ${reservation.reservationStatus}: its call is over`);
  return { task, attributes, reservation };
}
