import {
  FlexActivityChangedEvent,
  FlexCallEndedEvent,
  FlexCallStartedEvent,
  FlexReservationCreatedEvent,
  FlexTaskAcceptedEvent,
  FlexTaskCompletedEvent,
  FlexTaskSelectedEvent,
  FlexTaskWrapupEvent,
  type CallDetail,
  type TaskDetail,
  type TaskDurations,
  type TaskOutcomeDetail,
} from '../events.js';
import type { Actions } from './actions.js';
import type { Call, Reservation, Task } from './model.js';
import type { FlexState, ReadableStore } from './store.js';
import type { CrmRecord } from './crm/types.js';

/** What the CRM module adds to the events: the associations, and a hook on completion. */
export interface CrmEventHooks {
  readonly associations?: (taskSid: string) => readonly CrmRecord[];
  /** Called right after flex-task-completed, with its detail (the interaction log queues it). */
  readonly completed?: (detail: TaskOutcomeDetail) => void;
}

const TERMINAL_CALL = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);
/** A pending reservation ending in one of these was not answered by the person. */
const MISSED_RESERVATION: ReadonlySet<string> = new Set(['rejected', 'timeout', 'canceled', 'rescinded']);

interface Outcome {
  disposition?: string;
  notes?: string;
}

/** A task's identity for a CRM: who the customer is and where the task came from. */
export function taskDetail(task: Task, reservationSid?: string): TaskDetail {
  return {
    taskSid: task.sid,
    ...(reservationSid ? { reservationSid } : {}),
    channel: task.channel,
    queueName: task.queueName,
    customer: task.customer,
    attributes: task.attributes,
  };
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/**
 * Seconds spent in each phase. wait: created → assigned. talk: for a call, answered → ended minus
 * hold; for messaging, assigned → wrap-up. hold: the call's time on hold. wrap: wrap-up → completed
 * (0 while still wrapping).
 */
export function taskDurations(task: Task, call: Call | undefined): TaskDurations {
  const assignedAt = task.assignedAt ?? task.createdAt;
  const wait = seconds(assignedAt - task.createdAt);
  const hold = Math.round(call?.holdSeconds ?? 0);
  let talk: number;
  if (call) {
    const from = call.answeredAt;
    const to = call.endedAt ?? task.wrapupAt ?? task.completedAt;
    talk = from !== undefined && to !== undefined ? Math.max(0, seconds(to - from) - hold) : 0;
  } else {
    const to = task.wrapupAt ?? task.completedAt;
    talk = task.assignedAt !== undefined && to !== undefined ? seconds(to - task.assignedAt) : 0;
  }
  const wrap = task.wrapupAt !== undefined && task.completedAt !== undefined ? seconds(task.completedAt - task.wrapupAt) : 0;
  return { wait, talk, hold, wrap };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Turns what happens to the signed-in person into the flex-* events a CRM listens to, dispatched
 * through `emit` (the provider: bubbles and composed, so `document.addEventListener` hears them).
 *
 * It watches the store (diffing each notified state against the previous one, so several changes
 * within one frame still produce every event in order) and the actions (SelectTask; the
 * disposition and notes passed to WrapupTask and CompleteTask, kept per task until it completes).
 *
 * - flex-reservation-created: a new pending reservation for the person.
 * - flex-task-accepted: the person's reservation is accepted (also an outbound call's, which is
 *   created accepted).
 * - flex-task-selected: SelectTask succeeded with a task.
 * - flex-task-wrapup / flex-task-completed: the person's task enters wrapping / completed, with
 *   disposition, notes, durations, customer and attributes.
 * - flex-activity-changed: the person's activity changed (not on the initial load).
 * - flex-call-started: an inbound call of the person's task reaches in-progress; an outbound call
 *   the moment it starts connecting (so unanswered attempts are logged too).
 * - flex-call-ended: a started call reaches a terminal status (completed, busy, no-answer,
 *   canceled, failed), with its duration from answer to end.
 * - Missed inbound calls: when an inbound call rings for the person and their reservation ends
 *   unanswered (rejected, timed out, the caller hung up, rescinded), flex-call-started and
 *   flex-call-ended fire back to back with duration 0, status `missed` and `reason` (the
 *   reservation's status), so a CRM logging calls logs missed ones too. Started still means
 *   "this call now belongs in the log" (an inbound call is not announced while it rings, since
 *   most ring-then-answer calls would otherwise be logged twice); a call that rings for the person
 *   again later is announced again.
 *
 * Returns a function that stops it.
 */
export function installCrmEvents(
  store: ReadableStore,
  actions: Actions,
  emit: (event: Event) => void,
  hooks: CrmEventHooks = {},
): () => void {
  const withAssociations = <D extends TaskDetail>(detail: D): D => {
    const records = hooks.associations?.(detail.taskSid);
    return records ? { ...detail, associations: records } : detail;
  };
  const outcomes = new Map<string, Outcome>();
  const startedCalls = new Set<string>();
  const remember = (payload: unknown) => {
    const p = (payload ?? {}) as { taskSid?: unknown; disposition?: unknown; notes?: unknown };
    const taskSid = str(p.taskSid) ?? store.getState().ui.selectedTaskSid;
    if (!taskSid) return;
    const previous = outcomes.get(taskSid) ?? {};
    const disposition = str(p.disposition) ?? previous.disposition;
    const notes = typeof p.notes === 'string' ? p.notes : previous.notes;
    outcomes.set(taskSid, {
      ...(disposition !== undefined ? { disposition } : {}),
      ...(notes !== undefined ? { notes } : {}),
    });
  };

  const outcomeDetail = (task: Task, state: FlexState): TaskOutcomeDetail => {
    const outcome = outcomes.get(task.sid) ?? {};
    const reservation = myReservation(state, task);
    return {
      ...withAssociations(taskDetail(task, reservation?.sid)),
      ...(outcome.disposition !== undefined ? { disposition: outcome.disposition } : {}),
      ...(outcome.notes !== undefined ? { notes: outcome.notes } : {}),
      durations: taskDurations(task, task.callSid ? state.calls[task.callSid] : undefined),
    };
  };

  const myReservation = (state: FlexState, task: Task): Reservation | undefined =>
    Object.values(state.reservations).find((r) => r.taskSid === task.sid && r.workerSid === state.session.workerSid);

  const isMine = (state: FlexState, task: Task | undefined) =>
    !!task && !!state.session.workerSid && task.workerSid === state.session.workerSid;

  const callDetail = (call: Call): CallDetail => ({
    callSid: call.sid,
    ...(call.taskSid ? { taskSid: call.taskSid } : {}),
    number: call.direction === 'inbound' ? call.from : call.to,
    direction: call.direction,
  });

  const onState = (state: FlexState, previous: FlexState) => {
    const me = state.session.workerSid;
    if (!me) return;

    // Activity.
    const worker = state.workers[me];
    const before = previous.workers[me];
    if (worker && before && worker.activitySid !== before.activitySid) {
      const current = state.activities[worker.activitySid];
      const old = previous.activities[before.activitySid] ?? state.activities[before.activitySid];
      emit(
        new FlexActivityChangedEvent({
          workerSid: me,
          ...(old ? { previous: { sid: old.sid, name: old.name } } : {}),
          current: { sid: worker.activitySid, name: current?.name ?? worker.activitySid },
        }),
      );
    }

    // Reservations: created, accepted.
    if (state.reservations !== previous.reservations) {
      for (const reservation of Object.values(state.reservations)) {
        if (reservation.workerSid !== me) continue;
        const old = previous.reservations[reservation.sid];
        if (old === reservation) continue;
        const task = state.tasks[reservation.taskSid];
        if (!task) continue;
        if (!old && reservation.status === 'pending') {
          emit(new FlexReservationCreatedEvent(taskDetail(task, reservation.sid)));
        }
        const accepted = reservation.status === 'accepted' || reservation.status === 'wrapping' || reservation.status === 'completed';
        const wasAccepted = old && (old.status === 'accepted' || old.status === 'wrapping' || old.status === 'completed');
        if (accepted && !wasAccepted) emit(new FlexTaskAcceptedEvent(withAssociations(taskDetail(task, reservation.sid))));
        if (old?.status === 'pending' && MISSED_RESERVATION.has(reservation.status)) {
          const call = task.callSid ? (state.calls[task.callSid] ?? previous.calls[task.callSid]) : undefined;
          if (call?.direction === 'inbound' && !startedCalls.has(call.sid)) {
            emit(new FlexCallStartedEvent(callDetail(call)));
            emit(new FlexCallEndedEvent({ ...callDetail(call), duration: 0, status: 'missed', reason: reservation.status }));
          }
        }
      }
    }

    // Tasks: wrapping, completed.
    if (state.tasks !== previous.tasks) {
      for (const task of Object.values(state.tasks)) {
        const old = previous.tasks[task.sid];
        if (old === task || !isMine(state, task) || old?.status === task.status) continue;
        const wasWrapping = old?.status === 'wrapping' || old?.status === 'completed';
        if ((task.status === 'wrapping' || task.status === 'completed') && !wasWrapping && old) {
          emit(new FlexTaskWrapupEvent(outcomeDetail(task, state)));
        }
        if (task.status === 'completed' && old) {
          const detail = outcomeDetail(task, state);
          emit(new FlexTaskCompletedEvent(detail));
          hooks.completed?.(detail);
          outcomes.delete(task.sid);
        }
        if (task.status === 'canceled') outcomes.delete(task.sid);
      }
    }

    // Calls: started, ended.
    if (state.calls !== previous.calls) {
      for (const call of Object.values(state.calls)) {
        const old = previous.calls[call.sid];
        if (old === call) continue;
        const task = call.taskSid ? state.tasks[call.taskSid] : undefined;
        const mine = isMine(state, task) || call.participants.some((p) => p.workerSid === me && p.kind === 'worker');
        if (!startedCalls.has(call.sid) && mine) {
          const starts =
            call.direction === 'outbound'
              ? call.status === 'connecting' || call.status === 'ringing' || call.status === 'in-progress' || TERMINAL_CALL.has(call.status)
              : call.status === 'in-progress' || (call.answeredAt !== undefined && TERMINAL_CALL.has(call.status));
          if (starts) {
            startedCalls.add(call.sid);
            emit(new FlexCallStartedEvent(callDetail(call)));
          }
        }
        if (startedCalls.has(call.sid) && TERMINAL_CALL.has(call.status)) {
          startedCalls.delete(call.sid);
          const duration =
            call.answeredAt !== undefined && call.endedAt !== undefined ? seconds(call.endedAt - call.answeredAt) : 0;
          emit(new FlexCallEndedEvent({ ...callDetail(call), duration, status: call.status }));
        }
      }
    }
  };

  // Diff against what this module last saw (not the store's per-subscriber previous), so a
  // synchronous catch-up (below, before flex-task-selected) and the frame's notification never
  // announce the same change twice.
  let last = store.getState();
  const catchUp = () => {
    const state = store.getState();
    if (state === last) return;
    const previous = last;
    last = state;
    onState(state, previous);
  };

  const cleanups = [
    store.subscribe((s) => s, catchUp),
    actions.addListener('before', 'WrapupTask', (payload) => {
      remember(payload);
    }),
    actions.addListener('before', 'CompleteTask', (payload) => {
      remember(payload);
    }),
    actions.addListener('after', 'SelectTask', (payload: { taskSid?: string } | undefined) => {
      // Accepting then selecting happens within one frame: the CRM hears "accepted" first.
      catchUp();
      const sid = payload?.taskSid;
      const task = sid ? store.getState().tasks[sid] : undefined;
      if (!task) return;
      const reservation = myReservation(store.getState(), task);
      emit(new FlexTaskSelectedEvent(withAssociations(taskDetail(task, reservation?.sid))));
    }),
  ];
  return () => {
    for (const cleanup of cleanups) cleanup();
    outcomes.clear();
    startedCalls.clear();
  };
}
