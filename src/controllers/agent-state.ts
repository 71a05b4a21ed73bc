import type { ContactCenter } from '../core/contact-center.js';
import type { Activity, Call, Reservation, Task, Worker } from '../core/model.js';
import { shallowEqual, type FlexState } from '../core/store.js';

/**
 * Selectors over the signed-in person's work, shared by the agent-desktop elements, the keyboard
 * shortcuts and the CRM events. Each returns values straight from the state (or arrays of them),
 * so `shallowEqual` tells a real change from a recomputation.
 */

/** Task statuses that count as the person's active work. */
export const ACTIVE_TASK_STATUSES: ReadonlySet<Task['status']> = new Set(['reserved', 'assigned', 'wrapping']);

/** Channels carried by a conversation rather than a call. */
export { MESSAGING_CHANNELS } from '../core/domain.js';

export const selectMe = (s: FlexState): Worker | undefined =>
  s.session.workerSid ? s.workers[s.session.workerSid] : undefined;

export const selectMyActivity = (s: FlexState): Activity | undefined => {
  const me = selectMe(s);
  return me ? s.activities[me.activitySid] : undefined;
};

export const selectActivities = (s: FlexState): readonly Activity[] => Object.values(s.activities);

/** The person's pending reservations, oldest first. */
export const selectMyPendingReservations = (s: FlexState): readonly Reservation[] => {
  const me = s.session.workerSid;
  if (!me) return [];
  return Object.values(s.reservations)
    .filter((r) => r.workerSid === me && r.status === 'pending' && s.tasks[r.taskSid])
    .sort((a, b) => a.createdAt - b.createdAt || (a.sid < b.sid ? -1 : 1));
};

/** The person's active tasks (reserved, assigned, wrapping), oldest first. */
export const selectMyActiveTasks = (s: FlexState): readonly Task[] => {
  const me = s.session.workerSid;
  if (!me) return [];
  return Object.values(s.tasks)
    .filter((t) => t.workerSid === me && ACTIVE_TASK_STATUSES.has(t.status))
    .sort((a, b) => a.createdAt - b.createdAt || (a.sid < b.sid ? -1 : 1));
};

export const selectSelectedTask = (s: FlexState): Task | undefined =>
  s.ui.selectedTaskSid ? s.tasks[s.ui.selectedTaskSid] : undefined;

export const callOfTask = (s: FlexState, task: Task | undefined): Call | undefined =>
  task?.callSid ? s.calls[task.callSid] : undefined;

/** Customer messages the person has not read yet (index above the conversation's agentReadIndex). */
export function unreadCount(s: FlexState, task: Task): number {
  const sid = task.conversationSid;
  if (!sid) return 0;
  const conversation = s.conversations[sid];
  const messages = s.messages[sid];
  if (!conversation || !messages) return 0;
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.index <= conversation.agentReadIndex) break;
    if (message.authorRole !== 'agent') count++;
  }
  return count;
}

/** Unread counts keyed by task sid, for the person's active tasks. */
export const selectUnreadCounts = (s: FlexState): Readonly<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const task of selectMyActiveTasks(s)) counts[task.sid] = unreadCount(s, task);
  return counts;
};

export { shallowEqual };

/** Deep-ish equality for the unread map (a new object every time). */
export function recordEqual(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  return shallowEqual(a, b);
}

/** The contact center's clock (the simulator's virtual time, or the wall clock); see ContactCenter.now. */
export function nowOf(cc: ContactCenter | undefined): number {
  return cc?.now() ?? Date.now();
}

export { formatDuration } from '../core/domain.js';

/**
 * The SetActivity payload for moving the person to `activity`: going to an unavailable activity
 * also rejects their pending reservations when config `activity.rejectPendingReservationsOnUnavailable`
 * is true (the default), as Flex does.
 */
export function setActivityPayload(
  cc: ContactCenter | undefined,
  activity: Activity,
): { activityName: string; rejectPendingReservations?: boolean } {
  const reject = !activity.available && cc?.config.activity.rejectPendingReservationsOnUnavailable === true;
  return { activityName: activity.name, ...(reject ? { rejectPendingReservations: true } : {}) };
}
