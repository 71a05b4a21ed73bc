import { FlexErrorEvent, type TaskOutcomeDetail } from '../../events.js';
import type { DomainEvent } from '../domain-events.js';
import { FlexError } from '../errors.js';
import { readJson, writeJson } from '../local-storage.js';
import type { ReadableStore } from '../store.js';
import type { CrmHooks } from './hooks.js';
import type { InteractionLog, InteractionLogState } from './types.js';

/** Logged interactions the wrap-up keeps listing ("Logged to CRM"), newest first. */
const KEEP_LOGGED = 5;

interface Entry {
  log: InteractionLog;
  attempts: number;
  error?: string;
}

const isEntries = (value: unknown): value is Entry[] =>
  Array.isArray(value) &&
  value.every(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as Entry).log?.taskSid === 'string' &&
      typeof (e as Entry).attempts === 'number',
  );

export interface InteractionLogOptions {
  readonly store: ReadableStore;
  readonly hooks: CrmHooks;
  readonly dispatch: (event: DomainEvent) => void;
  readonly emit: (event: Event) => void;
  /** Whose queue it is (the signed-in identity): two agents sharing a browser keep theirs apart. */
  readonly identity: string;
  readonly config: () => { logAttempts: number; logRetryDelay: number };
}

export interface InteractionLogQueue {
  /** Queues the log of a completed interaction (only when a `logInteraction` hook is set). */
  completed(detail: TaskOutcomeDetail): void;
  /** Calls the hook again now for a task whose log failed (the wrap-up's "Retry"). */
  retry(taskSid: string): Promise<void>;
  dispose(): void;
}

/**
 * Calls `hooks.logInteraction` once per completed interaction. Every log waits in a queue kept in
 * localStorage (`flex-elements.crm-log:<identity>`) until the hook succeeds, so a reload, a crash
 * or a CRM outage loses nothing: the next session for the same identity calls it again (a log
 * whose call was in flight when the tab closed may be delivered twice; its `taskSid` identifies it).
 * A failure is retried after `logRetryDelay` ms, doubling each time, up to `logAttempts` calls; then
 * it waits for `retry` (the wrap-up's "Retry"). Each state (`logging`, `logged`, `failed` with the
 * error and the next attempt) is in the store's `crm.logs` for the wrap-up to show.
 */
export function installInteractionLog(options: InteractionLogOptions): InteractionLogQueue {
  const { store, hooks, dispatch, emit } = options;
  const key = `flex-elements.crm-log:${options.identity}`;
  const queue: Entry[] = readJson(key, [], isEntries);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Set<string>();
  let disposed = false;

  const persist = () => writeJson(key, queue);
  const state = (entry: Entry, status: InteractionLogState['status'], extra: Partial<InteractionLogState> = {}) =>
    dispatch({
      type: 'crm.log',
      taskSid: entry.log.taskSid,
      log: {
        status,
        attempts: entry.attempts,
        name: entry.log.customer.name,
        completedAt: entry.log.completedAt,
        ...(entry.error !== undefined ? { error: entry.error } : {}),
        ...extra,
      },
    });

  const pruneLogged = () => {
    const logged = Object.entries(store.getState().crm.logs)
      .filter(([, l]) => l.status === 'logged')
      .sort(([, a], [, b]) => b.completedAt - a.completedAt);
    for (const [taskSid] of logged.slice(KEEP_LOGGED)) dispatch({ type: 'crm.log', taskSid, log: undefined });
  };

  const attempt = async (entry: Entry) => {
    const taskSid = entry.log.taskSid;
    const hook = hooks.logInteraction;
    if (disposed || !hook || running.has(taskSid)) return;
    clearTimeout(timers.get(taskSid));
    timers.delete(taskSid);
    running.add(taskSid);
    entry.attempts++;
    persist();
    state(entry, 'logging');
    try {
      await hook(entry.log);
      running.delete(taskSid);
      const index = queue.indexOf(entry);
      if (index >= 0) queue.splice(index, 1);
      persist();
      if (disposed) return;
      delete entry.error;
      state(entry, 'logged');
      pruneLogged();
    } catch (cause) {
      running.delete(taskSid);
      const error = FlexError.from(cause, 'crm-log-failed');
      entry.error = error.message;
      persist();
      if (disposed) return;
      const { logAttempts, logRetryDelay } = options.config();
      const again = entry.attempts < logAttempts;
      const delay = logRetryDelay * 2 ** (entry.attempts - 1);
      state(entry, 'failed', again ? { retryAt: Date.now() + delay } : {});
      emit(
        new FlexErrorEvent({
          code: 'crm-log-failed',
          message: `Logging the interaction with ${entry.log.customer.name} to the CRM failed: ${error.message}`,
          recoverable: true,
        }),
      );
      if (again) timers.set(taskSid, setTimeout(() => void attempt(entry), delay));
    }
  };

  const runAll = () => {
    for (const entry of [...queue]) {
      if (!running.has(entry.log.taskSid) && !timers.has(entry.log.taskSid)) void attempt(entry);
    }
  };

  // What the last session left: shown at once, called as soon as there is a hook.
  for (const entry of queue) state(entry, entry.error ? 'failed' : 'pending');
  const offHooks = hooks.onChange(() => {
    if (hooks.logInteraction) runAll();
  });
  if (hooks.logInteraction) queueMicrotask(runAll);

  return {
    completed(detail) {
      if (disposed || !hooks.logInteraction) return;
      if (queue.some((e) => e.log.taskSid === detail.taskSid)) return;
      const task = store.getState().tasks[detail.taskSid];
      const log: InteractionLog = {
        taskSid: detail.taskSid,
        channel: detail.channel,
        ...(detail.disposition !== undefined ? { disposition: detail.disposition } : {}),
        ...(detail.notes !== undefined ? { notes: detail.notes } : {}),
        durations: detail.durations,
        associations: detail.associations ?? [],
        attributes: detail.attributes,
        customer: detail.customer,
        queueName: detail.queueName,
        ...(task?.conversationSid ? { conversationSid: task.conversationSid } : {}),
        ...(task?.callSid ? { callSid: task.callSid } : {}),
        completedAt: task?.completedAt ?? Date.now(),
      };
      const entry: Entry = { log, attempts: 0 };
      queue.push(entry);
      persist();
      state(entry, 'pending');
      void attempt(entry);
    },
    async retry(taskSid) {
      const entry = queue.find((e) => e.log.taskSid === taskSid);
      if (!entry) throw new FlexError('unknown-task', `RetryInteractionLog: nothing waits to be logged for task "${taskSid}".`);
      if (!hooks.logInteraction) throw new FlexError('no-crm-hook', 'RetryInteractionLog: provider.crm.logInteraction is not set.');
      await attempt(entry);
    },
    dispose() {
      disposed = true;
      offHooks();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
