import type { Actions } from './actions.js';
import type { Task } from './model.js';
import type { FlexState, ReadableStore } from './store.js';

const FINISHED: ReadonlySet<Task['status']> = new Set(['completed', 'canceled']);

/**
 * The task to select once the selected one is gone: the person's oldest assigned task, else the
 * oldest one in wrap-up (it still needs them), else none. Ringing (reserved) tasks are never
 * selected for them: accepting is their decision.
 */
export function nextTaskToSelect(state: FlexState): Task | undefined {
  const me = state.session.workerSid;
  if (!me) return undefined;
  const mine = Object.values(state.tasks)
    .filter((t) => t.workerSid === me)
    .sort((a, b) => (a.assignedAt ?? a.createdAt) - (b.assignedAt ?? b.createdAt) || (a.sid < b.sid ? -1 : 1));
  return mine.find((t) => t.status === 'assigned') ?? mine.find((t) => t.status === 'wrapping');
}

/**
 * Keeps the person off an empty canvas while work waits: when the selected task completes, is
 * canceled, or leaves the state, the oldest assigned task (else the oldest wrapping one) is
 * selected through the `SelectTask` action, so plugins' listeners run and `flex-task-selected`
 * fires for the CRM's screen pop. Nothing happens when no task was selected before, or when the
 * person selected another task themselves. One per contact center, so several elements showing
 * the same tasks never select twice. Returns a function that stops it.
 */
export function installAutoSelect(store: ReadableStore, actions: Actions, onError: (error: unknown) => void): () => void {
  let scheduled = false;
  const selectedGone = (state: FlexState) => {
    const sid = state.ui.selectedTaskSid;
    if (!sid) return false;
    const task = state.tasks[sid];
    return !task || FINISHED.has(task.status);
  };
  const run = () => {
    scheduled = false;
    const state = store.getState();
    // The selection changed again meanwhile (the person picked a task, or it was cleared).
    if (state.ui.selectedTaskSid && !selectedGone(state)) return;
    const next = nextTaskToSelect(state);
    if (!next) return;
    actions.invoke('SelectTask', { taskSid: next.sid }).catch(onError);
  };
  return store.subscribe(
    (s) => ({ sid: s.ui.selectedTaskSid, gone: selectedGone(s) }),
    (now, before) => {
      // The selected task finished, or the store dropped the selected task when it removed it
      // (not the person clearing the selection: their task is still there).
      const finished = now.gone && !before.gone;
      const removed = !now.sid && before.sid !== undefined && !store.getState().tasks[before.sid];
      if ((finished || removed) && !scheduled) {
        scheduled = true;
        queueMicrotask(run);
      }
    },
    (a, b) => a.sid === b.sid && a.gone === b.gone,
  );
}
