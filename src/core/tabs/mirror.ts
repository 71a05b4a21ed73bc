import type { DomainEvent } from '../domain-events.js';
import type { FlexState } from '../store.js';

/** The part of the state that comes from the backend (a tab's selection and notifications stay its own). */
export type MirrorState = Pick<
  FlexState,
  | 'connection'
  | 'session'
  | 'activities'
  | 'workers'
  | 'queues'
  | 'tasks'
  | 'reservations'
  | 'conversations'
  | 'messages'
  | 'calls'
  | 'queueStats'
  | 'workspaceStats'
>;

export function mirrorState(state: FlexState): MirrorState {
  const { ui: _ui, notifications: _notifications, ...rest } = state;
  return rest;
}

/** True for the events a backend sends (not a tab's own `ui.*` and `notification.*`). */
export function isBackendEvent(event: DomainEvent): boolean {
  return !event.type.startsWith('ui.') && !event.type.startsWith('notification.');
}

/**
 * The events that turn `current` into `next`: upserts for everything in `next`, removals for the
 * tasks and workers that are gone (a task's reservations, conversation and call go with it).
 */
export function stateEvents(next: MirrorState, current?: MirrorState): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (current) {
    for (const sid of Object.keys(current.tasks)) if (!next.tasks[sid]) events.push({ type: 'task.removed', sid });
    for (const sid of Object.keys(current.workers)) if (!next.workers[sid]) events.push({ type: 'worker.removed', sid });
  }
  const { session } = next;
  if (session.workerSid && session.identity && session.role && session.workspaceSid) {
    events.push({
      type: 'session',
      workerSid: session.workerSid,
      identity: session.identity,
      role: session.role,
      workspaceSid: session.workspaceSid,
    });
  }
  events.push({ type: 'activities', activities: Object.values(next.activities) });
  events.push({ type: 'queues', queues: Object.values(next.queues) });
  events.push({ type: 'workers', workers: Object.values(next.workers) });
  for (const task of Object.values(next.tasks)) events.push({ type: 'task', task });
  for (const reservation of Object.values(next.reservations)) events.push({ type: 'reservation', reservation });
  for (const conversation of Object.values(next.conversations)) events.push({ type: 'conversation', conversation });
  for (const [conversationSid, messages] of Object.entries(next.messages)) {
    if (messages.length > 0) events.push({ type: 'messages', conversationSid, messages });
  }
  for (const call of Object.values(next.calls)) events.push({ type: 'call', call });
  for (const stats of Object.values(next.queueStats)) events.push({ type: 'queue.stats', stats });
  if (next.workspaceStats) events.push({ type: 'workspace.stats', stats: next.workspaceStats });
  return events;
}
