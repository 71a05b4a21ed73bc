import type { Backend } from '../backends/backend.js';
import type { TaskPayload } from './action-payloads.js';
import type { Actions } from './actions.js';
import { attachmentLimitError } from './attachments.js';
import { defaultConfig, type FlexConfig } from './config.js';
import { FlexError } from './errors.js';
import type { SupervisionMode } from './model.js';
import { ADMIN_ROLES, isSupervisorRole, SUPERVISOR_ROLES } from './roles.js';
import type { Store } from './store.js';

export type { TaskPayload } from './action-payloads.js';

function need<T>(value: T | undefined | null | '', what: string, action: string): T {
  if (value === undefined || value === null || value === '') {
    throw new FlexError('invalid-payload', `${action} needs ${what}.`);
  }
  return value;
}

/**
 * Registers Flex's built-in actions, each a thin translation of a payload into a backend command.
 * Payloads take `taskSid`; when it is missing, the selected task is used, as in Flex. Every
 * payload is checked against `ACTION_PAYLOADS` by `Actions.invoke`; the rules that depend on the
 * configuration or the session are each action's `guard`, so a replacement cannot skip them:
 *
 * - CompleteTask: with `wrapup.requireDisposition`, a disposition (`disposition-required`).
 * - SendMessage: a body or attachments, each attachment within `chat.attachments`
 *   (`invalid-payload`).
 * - SetActivity: only the person's own activity, unless they supervise (`forbidden`).
 *
 * `config` reads the contact center's configuration as it is now (it may be updated); the
 * defaults when absent.
 */
export function registerBuiltinActions(
  actions: Actions,
  store: Store,
  backend: Backend,
  config: () => FlexConfig = () => defaultConfig,
): void {
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

  /** Dispositions given to WrapupTask, so CompleteTask without one still has it. */
  const dispositions = new Map<string, string>();
  const dispositionOf = (p: { disposition?: string }) => (p.disposition?.trim() ? p.disposition : undefined);

  actions.register('AcceptTask', {
    run: (p) => backend.execute('acceptReservation', { reservationSid: pendingReservationOf(p, 'AcceptTask') }),
  });
  actions.register('RejectTask', {
    run: (p) => backend.execute('rejectReservation', { reservationSid: pendingReservationOf(p, 'RejectTask') }),
  });
  actions.register('SelectTask', {
    run: (p) => {
      const sid = p.taskSid;
      if (sid !== undefined && !state().tasks[sid]) throw new FlexError('unknown-task', `SelectTask: there is no task "${sid}".`);
      store.dispatch({ type: 'ui.select-task', taskSid: sid });
    },
  });
  actions.register('WrapupTask', {
    run: async (p) => {
      const taskSid = taskSidOf(p, 'WrapupTask');
      await backend.execute('wrapupTask', { taskSid, reason: p.reason });
      const disposition = dispositionOf(p);
      if (disposition) dispositions.set(taskSid, disposition);
    },
  });
  actions.register('CompleteTask', {
    guard: (p) => {
      if (!config().wrapup.requireDisposition || dispositionOf(p)) return;
      const taskSid = taskSidOf(p, 'CompleteTask');
      if (dispositions.has(taskSid)) return;
      throw new FlexError(
        'disposition-required',
        `CompleteTask: the task "${taskSid}" needs a disposition before it is completed (config wrapup.requireDisposition).`,
      );
    },
    run: async (p) => {
      const taskSid = taskSidOf(p, 'CompleteTask');
      await backend.execute('completeTask', { taskSid, reason: p.reason });
      dispositions.delete(taskSid);
    },
  });
  actions.register('TransferTask', {
    run: async (p) => {
      const taskSid = taskSidOf(p, 'TransferTask');
      const to = need(p.to ?? p.targetSid, 'a target worker or queue sid ("to")', 'TransferTask');
      // The note travels in the task's attributes (`transferNote`), which the next agent's task
      // carries; a transfer without one clears an earlier transfer's note.
      const note = p.note?.trim();
      const attributes = state().tasks[taskSid].attributes;
      if (note) await backend.execute('setTaskAttributes', { taskSid, attributes: { transferNote: note }, merge: true });
      else if ('transferNote' in attributes) {
        const { transferNote: _old, ...rest } = attributes;
        await backend.execute('setTaskAttributes', { taskSid, attributes: rest, merge: false });
      }
      return backend.execute('transferTask', { taskSid, to, mode: p.mode ?? 'cold' });
    },
  });
  actions.register('CancelTransfer', {
    run: (p) => backend.execute('cancelTransfer', { taskSid: taskSidOf(p, 'CancelTransfer') }),
  });
  actions.register('HangupCall', {
    run: (p) => backend.execute('hangupCall', { taskSid: taskSidOf(p, 'HangupCall') }),
  });
  actions.register('HoldCall', {
    run: (p) => backend.execute('holdCall', { taskSid: taskSidOf(p, 'HoldCall'), hold: true }),
  });
  actions.register('UnholdCall', {
    run: (p) => backend.execute('holdCall', { taskSid: taskSidOf(p, 'UnholdCall'), hold: false }),
  });
  actions.register('ToggleMute', {
    run: (p) => {
      const taskSid = taskSidOf(p, 'ToggleMute');
      const callSid = state().tasks[taskSid].callSid;
      const call = callSid ? state().calls[callSid] : undefined;
      if (!call) throw new FlexError('no-call', `ToggleMute: the task "${taskSid}" has no call.`);
      return backend.execute('muteCall', { taskSid, muted: p.muted ?? !call.muted });
    },
  });
  actions.register('SendDTMFDigits', {
    guard: (p) => {
      if (!/^[0-9*#wW]+$/.test(p.digits)) {
        throw new FlexError('invalid-payload', `SendDTMFDigits: "${p.digits}" is not made of 0-9, * and #.`);
      }
    },
    run: (p) => backend.execute('sendDigits', { taskSid: taskSidOf(p, 'SendDTMFDigits'), digits: p.digits }),
  });
  actions.register('HoldParticipant', {
    run: (p) =>
      backend.execute('holdParticipant', { taskSid: taskSidOf(p, 'HoldParticipant'), participantSid: p.participantSid, hold: true }),
  });
  actions.register('UnholdParticipant', {
    run: (p) =>
      backend.execute('holdParticipant', { taskSid: taskSidOf(p, 'UnholdParticipant'), participantSid: p.participantSid, hold: false }),
  });
  actions.register('KickParticipant', {
    run: (p) => backend.execute('kickParticipant', { taskSid: taskSidOf(p, 'KickParticipant'), participantSid: p.participantSid }),
  });
  actions.register('StartOutboundCall', {
    run: (p) =>
      backend.execute('startOutboundCall', {
        to: need(p.to ?? p.destination, 'a number to call ("to")', 'StartOutboundCall'),
        from: p.from ?? p.callerId,
      }),
  });
  actions.register('SetActivity', {
    guard: (p) => {
      const own = state().session.workerSid;
      if (p.workerSid === undefined || p.workerSid === own || isSupervisorRole(actions.role)) return;
      throw new FlexError(
        'forbidden',
        `SetActivity: the ${actions.role ?? 'current'} role may only set their own activity, not worker "${p.workerSid}"'s; ` +
          `SetWorkerActivity (${SUPERVISOR_ROLES.join(' or ')}) sets another worker's.`,
      );
    },
    run: (p) => {
      const own = state().session.workerSid;
      return backend.execute('setActivity', {
        activitySid: activitySidOf(p, 'SetActivity'),
        ...(p.workerSid !== undefined && p.workerSid !== own ? { workerSid: p.workerSid } : {}),
        rejectPendingReservations: p.rejectPendingReservations,
      });
    },
  });
  actions.register('SetWorkerActivity', {
    roles: SUPERVISOR_ROLES,
    run: (p) => backend.execute('setActivity', { workerSid: p.workerSid, activitySid: activitySidOf(p, 'SetWorkerActivity') }),
  });
  actions.register('SetWorkerAttributes', {
    roles: ADMIN_ROLES,
    run: (p) => backend.execute('setWorkerAttributes', { workerSid: p.workerSid, attributes: p.attributes }),
  });
  actions.register('SendMessage', {
    guard: (p) => {
      const attachments = p.attachments ?? [];
      if (!p.body?.trim() && !attachments.length) throw new FlexError('invalid-payload', 'SendMessage: the message is empty.');
      const problem = attachmentLimitError(attachments, config().chat.attachments);
      if (problem) throw new FlexError('invalid-payload', `SendMessage: ${problem}`);
    },
    run: (p) =>
      backend.execute('sendMessage', {
        conversationSid: conversationSidOf(p, 'SendMessage'),
        body: p.body ?? '',
        attachments: p.attachments,
      }),
  });
  actions.register('SendTyping', {
    run: (p) => backend.execute('sendTyping', { conversationSid: conversationSidOf(p, 'SendTyping') }),
  });
  actions.register('MarkMessagesRead', {
    run: (p) => backend.execute('markRead', { conversationSid: conversationSidOf(p, 'MarkMessagesRead'), index: p.index }),
  });
  actions.register('LoadMessages', {
    run: (p) =>
      backend.execute('loadMessages', {
        conversationSid: conversationSidOf(p, 'LoadMessages'),
        before: p.before,
        pageSize: p.pageSize ?? 30,
      }),
  });
  const supervise = (mode: SupervisionMode, name: string) => (p: TaskPayload) =>
    backend.execute('monitorTask', { taskSid: taskSidOf(p, name), mode });
  actions.register('MonitorCall', { roles: SUPERVISOR_ROLES, run: supervise('monitor', 'MonitorCall') });
  actions.register('CoachCall', { roles: SUPERVISOR_ROLES, run: supervise('coach', 'CoachCall') });
  actions.register('BargeCall', { roles: SUPERVISOR_ROLES, run: supervise('barge', 'BargeCall') });
  actions.register('StopMonitoringCall', {
    roles: SUPERVISOR_ROLES,
    run: (p) => backend.execute('stopMonitoring', { taskSid: taskSidOf(p, 'StopMonitoringCall') }),
  });
}
