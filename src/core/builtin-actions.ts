import type { Backend } from '../backends/backend.js';
import type { Actions } from './actions.js';
import { FlexError } from './errors.js';
import type { Role, SupervisionMode, TransferMode } from './model.js';
import type { Store } from './store.js';

const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

export interface TaskPayload {
  taskSid?: string;
}

function need<T>(value: T | undefined | null | '', what: string, action: string): T {
  if (value === undefined || value === null || value === '') {
    throw new FlexError('invalid-payload', `${action} needs ${what}.`);
  }
  return value;
}

/**
 * Registers Flex's built-in actions, each a thin translation of a payload into a backend command.
 * Payloads take `taskSid`; when it is missing, the selected task is used, as in Flex.
 */
export function registerBuiltinActions(actions: Actions, store: Store, backend: Backend): void {
  const state = () => store.getState();
  const taskSidOf = (payload: TaskPayload | undefined, action: string): string => {
    const sid = payload?.taskSid ?? state().ui.selectedTaskSid;
    const task = state().tasks[need(sid, 'a taskSid (or a selected task)', action)];
    if (!task) throw new FlexError('unknown-task', `${action}: there is no task "${sid}".`);
    return task.sid;
  };
  const pendingReservationOf = (payload: { taskSid?: string; reservationSid?: string } | undefined, action: string) => {
    const { reservations, session } = state();
    if (payload?.reservationSid) {
      if (!reservations[payload.reservationSid]) {
        throw new FlexError('unknown-reservation', `${action}: there is no reservation "${payload.reservationSid}".`);
      }
      return payload.reservationSid;
    }
    const taskSid = taskSidOf(payload, action);
    const reservation = Object.values(reservations).find(
      (r) => r.taskSid === taskSid && r.workerSid === session.workerSid && r.status === 'pending',
    );
    if (!reservation) throw new FlexError('no-reservation', `${action}: the task "${taskSid}" is not ringing for you.`);
    return reservation.sid;
  };
  const activitySidOf = (payload: { activitySid?: string; activityName?: string } | undefined, action: string) => {
    const activities = Object.values(state().activities);
    const wanted = payload?.activitySid ?? payload?.activityName;
    const activity = activities.find((a) => a.sid === wanted || a.name.toLowerCase() === wanted?.toLowerCase?.());
    if (!activity) {
      throw new FlexError(
        'unknown-activity',
        `${action}: there is no activity "${wanted ?? ''}". Known: ${activities.map((a) => a.name).join(', ')}.`,
      );
    }
    return activity.sid;
  };
  const conversationSidOf = (payload: { conversationSid?: string; taskSid?: string }, action: string) => {
    if (payload.conversationSid) return payload.conversationSid;
    const task = state().tasks[taskSidOf(payload, action)];
    return need(task.conversationSid, `a task with a conversation (task "${task.sid}" has none)`, action);
  };

  actions.register('AcceptTask', {
    run: (p: { taskSid?: string; reservationSid?: string }) =>
      backend.execute('acceptReservation', { reservationSid: pendingReservationOf(p, 'AcceptTask') }),
  });
  actions.register('RejectTask', {
    run: (p: { taskSid?: string; reservationSid?: string }) =>
      backend.execute('rejectReservation', { reservationSid: pendingReservationOf(p, 'RejectTask') }),
  });
  actions.register('SelectTask', {
    run: (p: { taskSid?: string }) => {
      const sid = p?.taskSid;
      if (sid !== undefined && !state().tasks[sid]) throw new FlexError('unknown-task', `SelectTask: there is no task "${sid}".`);
      store.dispatch({ type: 'ui.select-task', taskSid: sid });
    },
  });
  actions.register('WrapupTask', {
    run: (p: TaskPayload & { reason?: string }) => backend.execute('wrapupTask', { taskSid: taskSidOf(p, 'WrapupTask'), reason: p?.reason }),
  });
  actions.register('CompleteTask', {
    run: (p: TaskPayload & { reason?: string }) =>
      backend.execute('completeTask', { taskSid: taskSidOf(p, 'CompleteTask'), reason: p?.reason }),
  });
  actions.register('TransferTask', {
    run: (p: TaskPayload & { to?: string; targetSid?: string; mode?: TransferMode }) => {
      const mode = p?.mode ?? 'cold';
      if (mode !== 'warm' && mode !== 'cold') throw new FlexError('invalid-payload', `TransferTask: mode is "warm" or "cold", not "${String(mode)}".`);
      return backend.execute('transferTask', {
        taskSid: taskSidOf(p, 'TransferTask'),
        to: need(p?.to ?? p?.targetSid, 'a target worker or queue sid ("to")', 'TransferTask'),
        mode,
      });
    },
  });
  actions.register('CancelTransfer', {
    run: (p: TaskPayload) => backend.execute('cancelTransfer', { taskSid: taskSidOf(p, 'CancelTransfer') }),
  });
  actions.register('HangupCall', {
    run: (p: TaskPayload) => backend.execute('hangupCall', { taskSid: taskSidOf(p, 'HangupCall') }),
  });
  actions.register('HoldCall', {
    run: (p: TaskPayload) => backend.execute('holdCall', { taskSid: taskSidOf(p, 'HoldCall'), hold: true }),
  });
  actions.register('UnholdCall', {
    run: (p: TaskPayload) => backend.execute('holdCall', { taskSid: taskSidOf(p, 'UnholdCall'), hold: false }),
  });
  actions.register('ToggleMute', {
    run: (p: TaskPayload & { muted?: boolean }) => {
      const taskSid = taskSidOf(p, 'ToggleMute');
      const callSid = state().tasks[taskSid].callSid;
      const call = callSid ? state().calls[callSid] : undefined;
      if (!call) throw new FlexError('no-call', `ToggleMute: the task "${taskSid}" has no call.`);
      return backend.execute('muteCall', { taskSid, muted: p?.muted ?? !call.muted });
    },
  });
  actions.register('SendDTMFDigits', {
    run: (p: TaskPayload & { digits?: string }) => {
      const digits = need(p?.digits, 'digits', 'SendDTMFDigits');
      if (!/^[0-9*#wW]+$/.test(digits)) {
        throw new FlexError('invalid-payload', `SendDTMFDigits: "${digits}" is not made of 0-9, * and #.`);
      }
      return backend.execute('sendDigits', { taskSid: taskSidOf(p, 'SendDTMFDigits'), digits });
    },
  });
  actions.register('HoldParticipant', {
    run: (p: TaskPayload & { participantSid?: string }) =>
      backend.execute('holdParticipant', {
        taskSid: taskSidOf(p, 'HoldParticipant'),
        participantSid: need(p?.participantSid, 'a participantSid', 'HoldParticipant'),
        hold: true,
      }),
  });
  actions.register('UnholdParticipant', {
    run: (p: TaskPayload & { participantSid?: string }) =>
      backend.execute('holdParticipant', {
        taskSid: taskSidOf(p, 'UnholdParticipant'),
        participantSid: need(p?.participantSid, 'a participantSid', 'UnholdParticipant'),
        hold: false,
      }),
  });
  actions.register('KickParticipant', {
    run: (p: TaskPayload & { participantSid?: string }) =>
      backend.execute('kickParticipant', {
        taskSid: taskSidOf(p, 'KickParticipant'),
        participantSid: need(p?.participantSid, 'a participantSid', 'KickParticipant'),
      }),
  });
  actions.register('StartOutboundCall', {
    run: (p: { to?: string; destination?: string; from?: string; callerId?: string }) =>
      backend.execute('startOutboundCall', {
        to: need(p?.to ?? p?.destination, 'a number to call ("to")', 'StartOutboundCall'),
        from: p?.from ?? p?.callerId,
      }),
  });
  actions.register('SetActivity', {
    run: (p: { activitySid?: string; activityName?: string; rejectPendingReservations?: boolean }) =>
      backend.execute('setActivity', {
        activitySid: activitySidOf(p, 'SetActivity'),
        rejectPendingReservations: p?.rejectPendingReservations,
      }),
  });
  actions.register('SetWorkerActivity', {
    roles: SUPERVISORS,
    run: (p: { workerSid?: string; activitySid?: string; activityName?: string }) =>
      backend.execute('setActivity', {
        workerSid: need(p?.workerSid, 'a workerSid', 'SetWorkerActivity'),
        activitySid: activitySidOf(p, 'SetWorkerActivity'),
      }),
  });
  actions.register('SetWorkerAttributes', {
    roles: ADMINS,
    run: (p: { workerSid?: string; attributes?: Record<string, unknown> }) =>
      backend.execute('setWorkerAttributes', {
        workerSid: need(p?.workerSid, 'a workerSid', 'SetWorkerAttributes'),
        attributes: need(p?.attributes, 'attributes', 'SetWorkerAttributes'),
      }),
  });
  actions.register('SendMessage', {
    run: (p: { conversationSid?: string; taskSid?: string; body?: string; attachments?: [] }) => {
      const body = p?.body ?? '';
      if (!body.trim() && !p?.attachments?.length) throw new FlexError('invalid-payload', 'SendMessage: the message is empty.');
      return backend.execute('sendMessage', {
        conversationSid: conversationSidOf(p ?? {}, 'SendMessage'),
        body,
        attachments: p?.attachments,
      });
    },
  });
  actions.register('SendTyping', {
    run: (p: { conversationSid?: string; taskSid?: string }) =>
      backend.execute('sendTyping', { conversationSid: conversationSidOf(p ?? {}, 'SendTyping') }),
  });
  actions.register('MarkMessagesRead', {
    run: (p: { conversationSid?: string; taskSid?: string; index?: number }) =>
      backend.execute('markRead', {
        conversationSid: conversationSidOf(p ?? {}, 'MarkMessagesRead'),
        index: need(p?.index, 'an index', 'MarkMessagesRead'),
      }),
  });
  actions.register('LoadMessages', {
    run: (p: { conversationSid?: string; taskSid?: string; before?: number; pageSize?: number }) =>
      backend.execute('loadMessages', {
        conversationSid: conversationSidOf(p ?? {}, 'LoadMessages'),
        before: p?.before,
        pageSize: p?.pageSize ?? 30,
      }),
  });
  const supervise = (mode: SupervisionMode, name: string) => (p: TaskPayload) =>
    backend.execute('monitorTask', { taskSid: taskSidOf(p, name), mode });
  actions.register('MonitorCall', { roles: SUPERVISORS, run: supervise('monitor', 'MonitorCall') });
  actions.register('CoachCall', { roles: SUPERVISORS, run: supervise('coach', 'CoachCall') });
  actions.register('BargeCall', { roles: SUPERVISORS, run: supervise('barge', 'BargeCall') });
  actions.register('StopMonitoringCall', {
    roles: SUPERVISORS,
    run: (p: TaskPayload) => backend.execute('stopMonitoring', { taskSid: taskSidOf(p, 'StopMonitoringCall') }),
  });
}
