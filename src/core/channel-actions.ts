import type { Backend, CommandResults } from '../backends/backend.js';
import { FlexCallQualityWarningEvent, FlexRecordingChangedEvent } from '../events.js';
import type { TaskPayload } from './action-payloads.js';
import type { Actions } from './actions.js';
import { callbackNumberOf, dialableNumber, isCallbackTask, isVoicemailTask, parseTime } from './callbacks.js';
import { defaultConfig, type FlexConfig } from './config.js';
import { isActiveCallStatus, isMessagingChannel } from './domain.js';
import { FlexError } from './errors.js';
import type { Call, Task } from './model.js';
import type { ReadableStore, Store } from './store.js';

/**
 * The actions of issue 20 (voice and channels, wave 2), registered next to the built-in ones and
 * checked by the same gate:
 *
 * - `AddParticipant {taskSid, to}`: dials a number into the call (`invalid-payload` for a number
 *   that is not one); resolves with `{participantSid}`.
 * - `EndCallForAll {taskSid}`: ends the call for everyone, only when no other agent is still on it
 *   (`not-last-agent`).
 * - `PauseRecording` / `ResumeRecording {taskSid}`: `recording-disabled` without
 *   `voice.recording.enabled`, `recording-required` (pause) with `voice.recording.required`,
 *   `invalid-state` when the recording is not running / not paused.
 * - `CreateCallback {to, name?, scheduledFor?, queue?, notes?}`: a callback task; resolves with
 *   `{taskSid}`.
 * - `StartCallback {taskSid}`: "Call back now" on a callback or voicemail task: the outbound call
 *   linked to it (selected), and the callback task goes to wrap-up. Resolves with `{taskSid, callSid}`
 *   of the call.
 * - `ParkConversation {taskSid}`: parks a messaging task (it ends; the customer's next message brings
 *   it back as a new task).
 */
export function registerChannelActions(
  actions: Actions,
  store: Store,
  backend: Backend,
  config: () => FlexConfig = () => defaultConfig,
): void {
  const state = () => store.getState();
  const taskOf = (payload: TaskPayload | undefined, action: string): Task => {
    const sid = payload?.taskSid ?? state().ui.selectedTaskSid;
    if (!sid) throw new FlexError('invalid-payload', `${action} needs a taskSid (or a selected task).`);
    const task = state().tasks[sid];
    if (!task) throw new FlexError('unknown-task', `${action}: there is no task "${sid}".`);
    return task;
  };
  const callOf = (payload: TaskPayload | undefined, action: string): { task: Task; call: Call } => {
    const task = taskOf(payload, action);
    const call = task.callSid ? state().calls[task.callSid] : undefined;
    if (!call || !isActiveCallStatus(call.status)) {
      throw new FlexError('no-call', `${action}: the task "${task.sid}" has no call in progress.`);
    }
    return { task, call };
  };
  const recording = () => config().voice?.recording ?? defaultConfig.voice.recording;
  const number = (value: string, action: string, field: string): string => {
    const dialable = dialableNumber(value);
    if (!dialable) {
      throw new FlexError('invalid-payload', `${action}: ${field} must be a phone number like +14155550100, not ${JSON.stringify(value)}.`);
    }
    return dialable;
  };

  actions.register('AddParticipant', {
    guard: (p) => void number(p.to, 'AddParticipant', 'to'),
    run: (p): Promise<CommandResults['addParticipant']> => {
      const { task } = callOf(p, 'AddParticipant');
      return backend.execute('addParticipant', { taskSid: task.sid, to: number(p.to, 'AddParticipant', 'to') });
    },
  });
  actions.register('EndCallForAll', {
    run: async (p) => {
      const { task, call } = callOf(p, 'EndCallForAll');
      const me = state().session.workerSid;
      const others = call.participants.filter(
        (x) => x.status !== 'left' && (x.kind === 'worker' || (x.kind === 'supervisor' && x.workerSid !== undefined)) && x.workerSid !== me,
      );
      if (others.length > 0) {
        throw new FlexError(
          'not-last-agent',
          `EndCallForAll: ${others.map((x) => x.name).join(', ')} ${others.length === 1 ? 'is' : 'are'} still on the call; hang up to leave it to them.`,
        );
      }
      await backend.execute('endCallForAll', { taskSid: task.sid });
    },
  });
  const setRecording = (action: 'PauseRecording' | 'ResumeRecording') => async (p: TaskPayload) => {
    const { task, call } = callOf(p, action);
    const pause = action === 'PauseRecording';
    if (!recording().enabled || call.recording === undefined) {
      throw new FlexError('recording-disabled', `${action}: calls are not recorded (config voice.recording.enabled).`);
    }
    if (pause && recording().required) {
      throw new FlexError('recording-required', `${action}: recording is required on every call (config voice.recording.required).`);
    }
    const expected = pause ? 'recording' : 'paused';
    if (call.recording !== expected) {
      throw new FlexError('invalid-state', `${action}: the recording is ${call.recording}, not ${expected}.`);
    }
    await backend.execute('setRecording', { taskSid: task.sid, status: pause ? 'paused' : 'in-progress' });
  };
  actions.register('PauseRecording', { run: setRecording('PauseRecording') });
  actions.register('ResumeRecording', { run: setRecording('ResumeRecording') });

  actions.register('CreateCallback', {
    guard: (p) => void number(p.to, 'CreateCallback', 'to'),
    run: (p): Promise<CommandResults['createCallback']> => {
      const scheduledFor = parseTime(p.scheduledFor);
      return backend.execute('createCallback', {
        to: number(p.to, 'CreateCallback', 'to'),
        ...(p.name?.trim() ? { name: p.name.trim() } : {}),
        ...(scheduledFor === undefined ? {} : { scheduledFor }),
        ...(p.queue ? { queue: p.queue } : {}),
        ...(p.notes?.trim() ? { notes: p.notes } : {}),
      });
    },
  });
  actions.register('StartCallback', {
    run: async (p): Promise<CommandResults['startOutboundCall']> => {
      const task = taskOf(p, 'StartCallback');
      if (!isCallbackTask(task) && !isVoicemailTask(task)) {
        throw new FlexError('invalid-state', `StartCallback: the task "${task.sid}" is a ${task.channel} task, not a callback or a voicemail.`);
      }
      if (task.status !== 'assigned' || task.workerSid !== state().session.workerSid) {
        throw new FlexError('invalid-state', `StartCallback: accept the task "${task.sid}" first (it is ${task.status}).`);
      }
      const to = callbackNumberOf(task);
      if (!to) throw new FlexError('no-number', `StartCallback: the task "${task.sid}" has no number to call back.`);
      const started = await backend.execute('startOutboundCall', { to, linkedTaskSid: task.sid });
      await backend.execute('wrapupTask', { taskSid: task.sid, reason: 'called back' });
      if (state().tasks[started.taskSid]) store.dispatch({ type: 'ui.select-task', taskSid: started.taskSid });
      return started;
    },
  });
  actions.register('ParkConversation', {
    run: async (p) => {
      const task = taskOf(p, 'ParkConversation');
      if (!isMessagingChannel(task.channel) || !task.conversationSid) {
        throw new FlexError('invalid-state', `ParkConversation: the task "${task.sid}" is not a conversation.`);
      }
      if (task.status !== 'assigned') {
        throw new FlexError('invalid-state', `ParkConversation: the task "${task.sid}" is ${task.status}; only an active conversation can be parked.`);
      }
      await backend.execute('parkConversation', { taskSid: task.sid });
    },
  });
}

/**
 * `flex-recording-changed {taskSid, status}` when the recording of a call of the person's task
 * starts, pauses, resumes or stops, and `flex-call-quality-warning {taskSid, warning, cleared}` when
 * a quality warning starts or clears on it. Watches the store; returns a function that stops it.
 */
export function installChannelEvents(store: ReadableStore, emit: (event: Event) => void): () => void {
  let previous = store.getState().calls;
  return store.subscribe(
    (s) => s.calls,
    (calls) => {
      const s = store.getState();
      const me = s.session.workerSid;
      const before = previous;
      previous = calls;
      for (const call of Object.values(calls)) {
        const old = before[call.sid];
        if (old === call) continue;
        const taskSid = call.taskSid;
        const task = taskSid ? s.tasks[taskSid] : undefined;
        if (!taskSid || !task || task.workerSid !== me) continue;
        const status = call.recording ?? (old?.recording ? 'stopped' : undefined);
        if (status && status !== (old?.recording ?? undefined)) emit(new FlexRecordingChangedEvent({ taskSid, status }));
        const was = new Set(old?.qualityWarnings ?? []);
        const now = new Set(call.qualityWarnings ?? []);
        for (const warning of now) if (!was.has(warning)) emit(new FlexCallQualityWarningEvent({ taskSid, warning, cleared: false }));
        for (const warning of was) if (!now.has(warning)) emit(new FlexCallQualityWarningEvent({ taskSid, warning, cleared: true }));
      }
    },
  );
}
